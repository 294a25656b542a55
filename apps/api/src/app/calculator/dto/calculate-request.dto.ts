// The DTO lives in libs/contracts so that the CLI validates with exactly the same rules.
export { CalculateRequestDto } from '@llm-calc/contracts';
