import { Module } from '@nestjs/common';
import { CustomModelsController } from './custom-models.controller';
import { CustomModelsService } from './custom-models.service';

@Module({ controllers: [CustomModelsController], providers: [CustomModelsService], exports: [CustomModelsService] })
export class CustomModelsModule {}
