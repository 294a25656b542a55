import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';

export const PRESET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const PRESET_ID_MESSAGE = '$property must be a preset id (letters, digits, ".", "_" or "-", at most 100 characters)';

/**
 * A catalogue id that is required unless its custom alternative is given (model / custom_model,
 * gpu / custom_gpu). Both given is the resolver's "give either ..., not both".
 */
export function PresetIdUnless(property: string, alternative: string, message = PRESET_ID_MESSAGE): PropertyDecorator {
  return (target, key) => {
    // Registered in the order that stacked decorators would register them (bottom first).
    Matches(PRESET_ID_PATTERN, { message })(target, key);
    IsString()(target, key);
    IsDefined({ message: `${property} or ${alternative} is required` })(target, key);
    ValidateIf((o: Record<string, unknown>) => o[alternative] == null || o[property] != null)(target, key);
  };
}

/** An optional nested custom description, validated as the given DTO class. */
export function CustomSpec(cls: () => new () => object): PropertyDecorator {
  return (target, key) => {
    Type(cls)(target, key);
    ValidateNested()(target, key);
    IsObject()(target, key);
    IsOptional()(target, key);
  };
}
