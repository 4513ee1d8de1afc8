/** What a dashboard form's server action answers (serialisable; secrets only in `data` of a success). */
export type FormState =
  | null
  | { ok: true; message?: string; data?: Record<string, string | number | boolean | string[]> }
  | {
      ok: false;
      code: string;
      message: string;
      status: number;
      fieldErrors?: Record<string, string>;
    };

/** Reads a submitted form into a plain object; `arrays` name the multi-value fields (checkboxes). */
export function formToObject(
  form: FormData,
  arrays: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    if (name.startsWith('$ACTION')) continue;
    const values = form.getAll(name).filter((v): v is string => typeof v === 'string');
    out[name] = arrays.includes(name) ? values : values[0];
  }
  for (const name of arrays) out[name] ??= [];
  return out;
}
