/**
 * Fills `{name}` slots of a template the server translated ("Step {number} of {total}"). Pure and
 * tiny: the first step's bundle carries no message-format runtime, so templates sent to it hold
 * plain slots only (plurals are formatted on the server).
 */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : slot,
  );
}
