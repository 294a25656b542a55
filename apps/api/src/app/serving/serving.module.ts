import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { ServingController } from './serving.controller';
import { ServingService } from './serving.service';

/** POST /api/serving and POST /api/recommend. */
@Module({ imports: [HistoryModule], controllers: [ServingController], providers: [ServingService] })
export class ServingModule {}
