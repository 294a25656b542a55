import { CUSTOM_MODEL_FIELDS, INFERENCE_FIELDS, SELECTION_FIELDS, TRAINING_FIELDS, type FieldSpec } from '@llm-calc/fields';

/**
 * The label each request field has on the forms (from the field registry), so that a server
 * message naming `num_gpus` says "Number of GPUs" as the form does.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  ([TRAINING_FIELDS, CUSTOM_MODEL_FIELDS, SELECTION_FIELDS, INFERENCE_FIELDS] as Record<string, FieldSpec>[])
    .flatMap((group) => Object.values(group))
    .map((spec) => [spec.key, spec.label.replace(/ \((USD|tokens)\)$/, '')]),
);

/**
 * The training form's labels where its fields share a name with the inference form's
 * (`precision` is "Precision" there, not "Weights precision"), for the training page's messages.
 */
export const TRAINING_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...FIELD_LABELS,
  ...Object.fromEntries(
    Object.values(TRAINING_FIELDS as Record<string, FieldSpec>).map((spec) => [spec.key, spec.label.replace(/ \((USD|tokens)\)$/, '')]),
  ),
};
