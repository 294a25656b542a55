import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RequestError, type CustomModelsResponse, type SavedCustomModel } from '@llm-calc/contracts';
import { type SaveCustomModelDto } from '@llm-calc/dto';
import { customArchitecture } from '@llm-calc/application';
import { CustomModelStore, MAX_SAVED_MODELS, type CustomModelStoreHealth } from '@llm-calc/history-log';

/**
 * Saved custom models ($DATA_DIR/custom_models.json). Storage failures surface as StoreWriteError
 * (507 full, 503 read-only or busy: see ErrorFilter); a file that could not be read is moved
 * aside by the store and logged here as a warning.
 */
@Injectable()
export class CustomModelsService implements OnModuleInit {
  private readonly logger = new Logger('CustomModels');
  private readonly store = new CustomModelStore(undefined, (message) => this.logger.warn(message));

  /** At start: removes temporaries left by a killed save, and says when the folder is not writable. */
  async onModuleInit(): Promise<void> {
    await this.store.list().catch(() => undefined);
    const problem = await this.store.probe();
    if (problem) this.logger.warn(`saved custom models cannot be written: ${problem}`);
  }

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

  health(): CustomModelStoreHealth {
    return this.store.health();
  }
}
