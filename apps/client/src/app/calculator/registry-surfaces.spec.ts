import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, type AbstractControl } from '@angular/forms';
import { CUSTOM_MODEL_FIELDS, INFERENCE_FIELDS, fieldsOf, type FieldSpec } from '@llm-calc/fields';
import { ARCHITECTURE_EXTRA_KEYS, buildCalculatorForm, DEFAULT_CUSTOM_MODEL } from './calculator-form';
import { shareParamsFromForm, sharedInputsFromParams } from './share-params';

/**
 * The field registry reaches the page: every inference and custom-model field is a form control
 * (or a listed exception) with the registry's default and range, and travels through the share
 * link unchanged. Together with libs/dto registry.spec and apps/cli options/registry.spec, a
 * field added to the registry is proven on every surface or the suite says where it is missing.
 */

/** Request fields the calculator page leaves to the API and CLI, on purpose. */
const NOT_ON_THE_PAGE: Record<string, string> = {
  flash_attention: 'fused attention is assumed on the page',
  host_memory_bandwidth_bytes_per_second: 'the page uses the DDR5 default for offloaded layers',
  gpu_memory_utilization: "the page shows each pool server's default reservation",
};

function newForm() {
  return buildCalculatorForm(TestBed.inject(NonNullableFormBuilder));
}

function inferenceControl(form: ReturnType<typeof newForm>, key: string): AbstractControl | null {
  return form.controls.inference.get(key) ?? form.controls.hardware.get(key);
}

/** A value inside the range, other than the default, that a link can carry. */
function sampleValue(spec: FieldSpec): number | string {
  if (spec.type === 'enum') return (spec.values ?? []).find((v) => v !== spec.default) ?? (spec.values ?? [])[0];
  const min = spec.min ?? 0;
  const max = spec.max ?? min + 100;
  const v = spec.type === 'integer' ? Math.min(max, Math.max(min, 2) + 1) : Math.min(max, min + (max - min) / 3);
  return spec.type === 'integer' ? Math.round(v) : Number(v.toPrecision(3));
}

function expectRange(control: AbstractControl, spec: FieldSpec): void {
  if (spec.type !== 'integer' && spec.type !== 'number') return;
  const ok = (v: number) => {
    control.setValue(v);
    return control.valid;
  };
  if (spec.min !== undefined) {
    expect({ field: spec.key, atMin: ok(spec.min) }).toEqual({ field: spec.key, atMin: !spec.exclusiveMin });
    expect({ field: spec.key, belowMin: ok(spec.min - (spec.type === 'integer' ? 1 : spec.min * 0.5 || 1e-9)) }).toEqual({
      field: spec.key,
      belowMin: false,
    });
  }
  if (spec.max !== undefined) {
    expect({ field: spec.key, atMax: ok(spec.max) }).toEqual({ field: spec.key, atMax: true });
    expect({ field: spec.key, aboveMax: ok(spec.max * 1.5 + 1) }).toEqual({ field: spec.key, aboveMax: false });
  }
  if (spec.type === 'integer')
    expect({ field: spec.key, fraction: ok((spec.min ?? 0) + 1.5) }).toEqual({ field: spec.key, fraction: false });
}

describe('field registry -> calculator form and share link', () => {
  it.each(fieldsOf(INFERENCE_FIELDS).map((f) => [f.key, f] as const))(
    '%s: a form control with the registry default and range, or a listed exception',
    (key, spec) => {
      const form = newForm();
      const control = inferenceControl(form, key);
      if (!control) {
        expect(NOT_ON_THE_PAGE[key]).toBeDefined();
        return;
      }
      expect(NOT_ON_THE_PAGE[key]).toBeUndefined();
      if (spec.default !== undefined && spec.type !== 'boolean') expect(control.value).toBe(spec.default);
      expectRange(control, spec);
    },
  );

  it.each(fieldsOf(CUSTOM_MODEL_FIELDS).map((f) => [f.key, f] as const))(
    'custom_model.%s: a custom-model control (or kept with the preset) with the registry range',
    (key, spec) => {
      const form = newForm();
      const control = form.controls.custom.get(key);
      if (!control) {
        // Not shown on the form: kept from the preset and carried by links (calculator-form.ts).
        expect({ key, keptAside: (ARCHITECTURE_EXTRA_KEYS as readonly string[]).includes(key) }).toEqual({ key, keptAside: true });
        return;
      }
      if (key in DEFAULT_CUSTOM_MODEL && spec.required)
        expect(control.value).toBe(DEFAULT_CUSTOM_MODEL[key as keyof typeof DEFAULT_CUSTOM_MODEL]);
      expectRange(control, spec);
    },
  );

  it('carries every inference field of the form through the share link', () => {
    const form = newForm();
    form.controls.mode.setValue('preset');
    form.controls.preset.setValue('llama-3.1-8b');
    form.controls.hardware.controls.gpu.setValue('h100-sxm');
    const expected: Record<string, number | string> = {};
    for (const spec of fieldsOf(INFERENCE_FIELDS)) {
      const control = inferenceControl(form, spec.key);
      if (!control) continue;
      const value = spec.key === 'runtime' ? 'llama.cpp' : sampleValue(spec);
      control.setValue(value);
      expected[spec.key] = value;
    }
    const params = shareParamsFromForm(form);
    const shared = sharedInputsFromParams(params);
    expect(shared).not.toBeNull();
    const back = { ...shared?.inference, ...shared?.hardware } as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) expect({ key, value: back[key] }).toEqual({ key, value });
  });
});
