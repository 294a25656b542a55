import { Module } from '@nestjs/common';
import { CalculatorModule } from './calculator/calculator.module';
import { HealthController } from './health/health.controller';
import { HistoryModule } from './history/history.module';
import { PresetsModule } from './presets/presets.module';
import { PlanningModule } from './planning/planning.module';
import { CustomModelsModule } from './custom-models/custom-models.module';
import { RuntimesModule } from './runtimes/runtimes.module';
import { ServingModule } from './serving/serving.module';

// The built client is served by configureApp (common/static-client.ts): cache headers, 404 for
// missing files, index.html for the app's routes.
@Module({
  imports: [CalculatorModule, PresetsModule, HistoryModule, PlanningModule, CustomModelsModule, RuntimesModule, ServingModule],
  controllers: [HealthController],
})
export class AppModule {}
