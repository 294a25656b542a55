import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { CalculatorModule } from './calculator/calculator.module';
import { HealthController } from './health/health.controller';
import { HistoryModule } from './history/history.module';
import { PresetsModule } from './presets/presets.module';
import { PlanningModule } from './planning/planning.module';
import { CustomModelsModule } from './custom-models/custom-models.module';
import { RuntimesModule } from './runtimes/runtimes.module';
import { clientRoot } from './client-root';

const root = clientRoot();
const staticFiles: DynamicModule[] = existsSync(root)
  ? [ServeStaticModule.forRoot({ rootPath: root, exclude: ['/api/{*path}'] })]
  : [];

@Module({
  imports: [CalculatorModule, PresetsModule, HistoryModule, PlanningModule, CustomModelsModule, RuntimesModule, ...staticFiles],
  controllers: [HealthController],
})
export class AppModule {}
