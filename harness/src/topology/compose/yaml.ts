// A small YAML writer for compose files: block mappings and sequences, every scalar JSON-quoted
// (a JSON string is a valid YAML double-quoted scalar, so nothing needs YAML-specific escaping).
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

export function toYaml(value: YamlValue, indent = 0): string {
  return `${render(value, indent).join('\n')}\n`;
}

function render(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if (isScalar(item)) return [`${pad}- ${scalar(item)}`];
      const [first, ...rest] = render(item, indent + 2);
      return [`${pad}- ${first!.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter((e): e is [string, YamlValue] => e[1] !== undefined);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, v]) => {
      const k = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
      if (isScalar(v) || (Array.isArray(v) && v.length === 0)) return [`${pad}${k}: ${Array.isArray(v) ? '[]' : scalar(v)}`];
      if (!Array.isArray(v) && Object.keys(v).length === 0) return [`${pad}${k}: {}`];
      return [`${pad}${k}:`, ...render(v, indent + 2)];
    });
  }
  return [`${pad}${scalar(value)}`];
}

const isScalar = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== 'object';
const scalar = (v: string | number | boolean | null): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
