import { Injectable } from '@nestjs/common';
import {
  calibrate,
  compareGpus,
  customArchitecture,
  CustomModelDto,
  fitLimits,
  mapHfConfig,
  RequestError,
  sweep,
  training,
  validatePlain,
  type CalibrateRequestDto,
  type CalibrateResponse,
  type CompareRequestDto,
  type CompareResponse,
  type FitRequestDto,
  type FitResponse,
  type ImportHfConfigResponse,
  type SweepRequestDto,
  type SweepResponse,
  type TrainingRequestDto,
  type TrainingResponse,
} from '@llm-calc/contracts';

/** Planning answers: thin over the contracts library, which runs the engine. */
@Injectable()
export class PlanningService {
  compare(dto: CompareRequestDto): CompareResponse {
    return compareGpus(dto);
  }

  fit(dto: FitRequestDto): FitResponse {
    return fitLimits(dto);
  }

  sweep(dto: SweepRequestDto): SweepResponse {
    return sweep(dto);
  }

  calibrate(dto: CalibrateRequestDto): CalibrateResponse {
    return calibrate(dto);
  }

  training(dto: TrainingRequestDto): TrainingResponse {
    return training(dto);
  }

  /** Maps a Hugging Face config.json, then validates the result like any custom_model. */
  importHfConfig(body: unknown): ImportHfConfigResponse {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new RequestError(400, ['the body must be the JSON object of a config.json']);
    }
    const mapped = mapHfConfig(body);
    let dto: CustomModelDto;
    try {
      dto = validatePlain(CustomModelDto, mapped.customModel);
    } catch (e) {
      if (e instanceof RequestError) {
        throw new RequestError(400, e.messages.map((m) => `config.json: ${m}`));
      }
      throw e;
    }
    return { custom_model: customArchitecture(dto), unknown_keys: mapped.ignoredKeys, notes: mapped.notes };
  }
}
