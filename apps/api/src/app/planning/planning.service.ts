import { Injectable } from '@nestjs/common';
import {
  RequestError,
  type CalibrateResponse,
  type CompareResponse,
  type FitResponse,
  type ImportHfConfigResponse,
  type SweepResponse,
  type TrainingResponse,
} from '@llm-calc/contracts';
import {
  CustomModelDto,
  validatePlain,
  type CalibrateRequestDto,
  type CompareRequestDto,
  type FitRequestDto,
  type SweepRequestDto,
  type TrainingRequestDto,
} from '@llm-calc/dto';
import { calibrate, compareGpus, customArchitecture, fitLimits, mapHfConfig, sweep, training } from '@llm-calc/application';

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
        throw new RequestError(
          400,
          e.messages.map((m) => `config.json: ${m}`),
        );
      }
      throw e;
    }
    return { custom_model: customArchitecture(dto), unknown_keys: mapped.ignoredKeys, notes: mapped.notes };
  }
}
