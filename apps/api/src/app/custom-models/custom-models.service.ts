import { Injectable } from '@nestjs/common';
import { RequestError, type CustomModelsResponse, type SavedCustomModel } from '@llm-calc/contracts';
import { type SaveCustomModelDto } from '@llm-calc/dto';
import { customArchitecture } from '@llm-calc/application';
import { CustomModelStore, MAX_SAVED_MODELS } from '@llm-calc/history-log';

@Injectable()
export class CustomModelsService {
  private readonly store = new CustomModelStore();

  async list(): Promise<CustomModelsResponse> {
    return { models: await this.store.list() };
  }

  async get(name: string): Promise<SavedCustomModel> {
    const found = await this.store.get(name);
    if (!found) throw new RequestError(404, [`custom model '${name.slice(0, 100)}' is not saved`]);
    return found;
  }

  async save(dto: SaveCustomModelDto): Promise<SavedCustomModel> {
    const name = dto.name?.trim();
    if (!name) throw new RequestError(400, ['name is required to save a custom model']);
    const saved = await this.store.save(name, customArchitecture(dto));
    if (!saved) throw new RequestError(400, [`at most ${MAX_SAVED_MODELS} custom models can be saved; delete some first`]);
    return saved;
  }

  async remove(name: string): Promise<{ deleted: string }> {
    if (!(await this.store.remove(name))) throw new RequestError(404, [`custom model '${name.slice(0, 100)}' is not saved`]);
    return { deleted: name };
  }
}
