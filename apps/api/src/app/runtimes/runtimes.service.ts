import { Injectable } from '@nestjs/common';
import type { RuntimesResponse } from '@llm-calc/contracts';
import { runtimeCatalogue } from '@llm-calc/application';

/** The profiles are data fixed at build time: the answer is built once. */
@Injectable()
export class RuntimesService {
  private readonly catalogue = runtimeCatalogue();

  list(): RuntimesResponse {
    return this.catalogue;
  }
}
