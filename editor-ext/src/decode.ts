// decode.ts reads the JSON the server sends as the Go types it was written from. The generated
// contract (generated/contract.ts) describes each Go struct as a schema of these field decoders,
// one per JSON field, and objectOf walks that schema; so the rules for a missing or mistyped field
// live here once, not in a decoder per type. No vscode import: the unit tests run it on Node.

/** isRecord reports whether a JSON value is an object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a struct field is present in the JSON: always, left out when zero (omitempty) or required. */
type Presence = 'always' | 'omitempty' | 'required';

/**
 * A Field decodes a JSON value as one Go type (undefined when the value is not of that type) and
 * knows Go's zero value of the type as JSON carries it (a nil slice or map counts as empty), and
 * whether a decoded value is that zero, which omitempty leaves out.
 */
export interface Field<T> {
  (value: unknown): T | undefined;
  readonly zero: () => T;
  readonly isZero: (value: T) => boolean;
  readonly presence: Presence;
}

function field<T>(
  decode: (value: unknown) => T | undefined,
  zero: () => T,
  isZero: (value: T) => boolean,
  presence: Presence = 'always',
): Field<T> {
  return Object.assign((value: unknown) => decode(value), { zero, isZero, presence });
}

const never = (): boolean => false;

/** asString decodes a Go string. */
export const asString: Field<string> = field(
  (value) => (typeof value === 'string' ? value : undefined),
  () => '',
  (v) => v === '',
);

/** asBoolean decodes a Go bool. */
export const asBoolean: Field<boolean> = field(
  (value) => (typeof value === 'boolean' ? value : undefined),
  () => false,
  (v) => v === false,
);

/** asInteger decodes a Go integer of any size. */
export const asInteger: Field<number> = field(
  (value) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined),
  () => 0,
  (v) => v === 0,
);

/** asNumber decodes a Go float. */
export const asNumber: Field<number> = field(
  (value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined),
  () => 0,
  (v) => v === 0,
);

/** arrayOf decodes a Go slice or array: a JSON array whose items that do not decode are dropped. */
export function arrayOf<T>(item: Field<T>): Field<T[]> {
  return field(
    (value) => (Array.isArray(value) ? value.map((v) => item(v)).filter((v): v is T => v !== undefined) : undefined),
    () => [],
    never,
  );
}

/** recordOf decodes a Go map with string keys: a JSON object whose values that do not decode are dropped. */
export function recordOf<T>(item: Field<T>): Field<Record<string, T>> {
  return field(
    (value) => {
      if (!isRecord(value)) {
        return undefined;
      }
      const out: Record<string, T> = {};
      for (const [name, v] of Object.entries(value)) {
        const decoded = item(v);
        if (decoded !== undefined) {
          out[name] = decoded;
        }
      }
      return out;
    },
    () => ({}),
    never,
  );
}

/** pointerTo decodes a Go pointer as what it points to; omitempty leaves out only nil. */
export function pointerTo<T>(target: Field<T>): Field<T> {
  return field(target, target.zero, never);
}

/** optional marks a field `json:",omitempty"`: left out of the decoded object when absent, mistyped or zero. */
export function optional<T>(f: Field<T>): Field<T> {
  return field(f, f.zero, f.isZero, 'omitempty');
}

/** required marks a field `contract:"required"`: the object does not decode without it. */
export function required<T>(f: Field<T>): Field<T> {
  return field(f, f.zero, f.isZero, 'required');
}

/** A Schema gives the field decoder of each JSON field of T, in the Go struct's order. */
export type Schema<T> = { readonly [K in keyof T]-?: Field<Exclude<T[K], undefined>> };

/**
 * objectOf decodes a Go struct by its schema: undefined when the value is not an object or lacks a
 * required field; a field of the wrong type gets its zero value, or is left out when optional.
 * The decoded object lists the fields that are always there first, then the optional ones.
 */
export function objectOf<T>(schema: Schema<T>): Field<T> {
  const fields = Object.entries(schema) as [string, Field<unknown>][];
  const always = fields.filter(([, f]) => f.presence !== 'omitempty');
  const omitempty = fields.filter(([, f]) => f.presence === 'omitempty');
  return field(
    (value) => {
      if (!isRecord(value)) {
        return undefined;
      }
      const out: Record<string, unknown> = {};
      for (const [name, f] of always) {
        const v = f(value[name]);
        if (v === undefined && f.presence === 'required') {
          return undefined;
        }
        out[name] = v ?? f.zero();
      }
      for (const [name, f] of omitempty) {
        const v = f(value[name]);
        if (v !== undefined && !f.isZero(v)) {
          out[name] = v;
        }
      }
      return out as T;
    },
    () => Object.fromEntries(always.map(([name, f]) => [name, f.zero()])) as T,
    never,
  );
}
