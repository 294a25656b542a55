import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { historyStoreProvider } from './history-store.provider';

@Module({ controllers: [HistoryController], providers: [historyStoreProvider, HistoryService], exports: [HistoryService] })
export class HistoryModule {}
