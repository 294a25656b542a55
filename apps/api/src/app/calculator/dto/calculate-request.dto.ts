// The DTO lives in libs/dto so that the CLI validates with exactly the same rules.
export { CalculateRequestDto } from '@llm-calc/dto';
