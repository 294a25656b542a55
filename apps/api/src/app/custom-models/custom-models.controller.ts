import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CustomModelsResponse, type SavedCustomModel } from '@llm-calc/contracts';
import { SaveCustomModelDto } from '@llm-calc/dto';
import { CustomModelsService } from './custom-models.service';

@ApiTags('custom models')
@Controller('custom_models')
export class CustomModelsController {
  constructor(private readonly models: CustomModelsService) {}

  @Get()
  @ApiOperation({ summary: 'Saved custom models.' })
  list(): Promise<CustomModelsResponse> {
    return this.models.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One saved custom model (404 when not saved).' })
  get(@Param('name') name: string): Promise<SavedCustomModel> {
    return this.models.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Saves (or replaces) a custom model under its name; validated like custom_model.' })
  save(@Body() body: SaveCustomModelDto): Promise<SavedCustomModel> {
    return this.models.save(body);
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Deletes a saved custom model.' })
  remove(@Param('name') name: string): Promise<{ deleted: string }> {
    return this.models.remove(name);
  }
}
