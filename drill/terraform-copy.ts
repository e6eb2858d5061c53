import { DOCKER_TYPES, type DockerType } from "./translation";

/*
 * The copy of a synthesized stack that Terraform applies in the drill: every docker_* resource becomes a
 * terraform_data whose input is the resource's attributes, so Terraform evaluates every expression (variables,
 * conditionals, for_each, references between resources) and runs every guard and precondition, with no docker
 * provider (none can be installed here). The drill then creates the Docker objects from the evaluated inputs
 * (`terraform show -json`). Checked on this kind of machine: a LocalPlusSync stack's copy initialises and
 * applies offline, and a second plan is empty.
 *
 * What changes, and nothing else:
 * - `resource.docker_<type>.<name>` -> `resource.terraform_data.docker_<type>__<name>`, its attributes under
 *   `input` (a docker_image's also `image_id`: the id of the locally built image, which the provider would
 *   compute), its meta-arguments kept (depends_on, count, for_each, lifecycle) except `provider` and
 *   `lifecycle.ignore_changes` (which names attributes a terraform_data does not have; the drill's no-change
 *   check skips those attributes instead);
 * - every reference `docker_<type>.<name>[...].<attribute>` -> `terraform_data.docker_<type>__<name>[...].output.<attribute>`,
 *   in expressions and in the addresses of depends_on, replace_triggered_by, removed and moved blocks; a docker
 *   resource's own `self.<attribute>` -> `self.output.<attribute>`;
 * - the docker provider and its required_providers entry are dropped; the state goes to the drill's own local
 *   file (never a deployment's backend).
 */

/** A synthesized stack, as far as the copy reads it. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown>;
  terraform?: Record<string, unknown> & { required_providers?: Record<string, unknown> };
  [block: string]: unknown;
}

const SEPARATOR = "__";
const TYPES = DOCKER_TYPES.join("|");

/** The terraform_data name a docker resource gets in the copy. */
export function copyName(type: DockerType, name: string): string {
  return `${type}${SEPARATOR}${name}`;
}

/** The docker resource a terraform_data of the copy stands for; undefined for the stack's own terraform_data. */
export function originalOf(copy: string): { type: DockerType; name: string } | undefined {
  const at = copy.indexOf(SEPARATOR);
  const type = copy.slice(0, at) as DockerType;
  if (at < 0 || !DOCKER_TYPES.includes(type)) return undefined;
  return { type, name: copy.slice(at + SEPARATOR.length) };
}

const REFERENCE = new RegExp(
  `(?<![\\w.-])(${TYPES})\\.([A-Za-z_][\\w-]*)((?:\\[[^\\]]*\\])?)(\\.[A-Za-z_*]|(?![\\w-]))`,
  "g",
);
const reference = (code: string) =>
  code.replace(
    REFERENCE,
    (_whole, type: DockerType, name: string, index: string, rest: string) =>
      `terraform_data.${copyName(type, name)}${index}.output${rest}`,
  );
const SELF = /(?<![\w.-])self\.(?!output\b)/g;

/** The position of the `}` that closes an expression starting at `from` (after its `${` or `%{`). */
function expressionEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return text.length;
}

/** The position of the `"` that closes a quoted string starting at `from`, templates inside included. */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if ((text[i] === "$" || text[i] === "%") && text[i + 1] === "{") i = expressionEnd(text, i + 2);
    else if (text[i] === '"') return i;
  }
  return text.length;
}

/** Rewrites the code of an expression; quoted strings in it are templates, rewritten the same way. */
function rewriteExpression(expression: string, rewriteCode: (code: string) => string): string {
  let out = "";
  let code = "";
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] !== '"') {
      code += expression[i];
      continue;
    }
    out += rewriteCode(code);
    code = "";
    const end = stringEnd(expression, i);
    out += `"${rewriteTemplate(expression.slice(i + 1, end), rewriteCode)}"`;
    i = end;
  }
  return out + rewriteCode(code);
}

/** Rewrites the expressions (`${...}`, `%{...}`) of a template string; its literal text is left as it is. */
function rewriteTemplate(template: string, rewriteCode: (code: string) => string): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const opens = (template[i] === "$" || template[i] === "%") && template[i + 1] === "{";
    const escaped = opens && template[i - 1] === template[i] && template[i - 2] !== template[i];
    if (!opens || escaped) {
      out += template[i];
      continue;
    }
    const end = expressionEnd(template, i + 2);
    out += `${template[i]}{${rewriteExpression(template.slice(i + 2, end), rewriteCode)}}`;
    i = end;
  }
  return out;
}

function rewriteValues(value: unknown, rewriteCode: (code: string) => string): unknown {
  if (typeof value === "string") return rewriteTemplate(value, rewriteCode);
  if (Array.isArray(value)) return value.map((item) => rewriteValues(item, rewriteCode));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteValues(v, rewriteCode)]));
  return value;
}

/** A bare address (depends_on, removed.from, moved.to): `docker_volume.data` -> `terraform_data.docker_volume__data`. */
function rewriteAddress(address: string): string {
  const match = new RegExp(`^(${TYPES})\\.([A-Za-z_][\\w-]*)(.*)$`).exec(address);
  if (!match) return address;
  const [, type, name, rest] = match;
  return `terraform_data.${copyName(type as DockerType, name)}${rest.startsWith(".") ? `.output${rest}` : rest}`;
}

const addresses = (value: unknown): unknown =>
  Array.isArray(value) ? value.map((a) => rewriteAddress(String(a))) : value;

/** Meta-arguments a terraform_data copy keeps (`provider` is the docker provider's, `ignore_changes` names docker attributes). */
const KEPT_META = ["//", "depends_on", "count", "for_each"];

function copyResource(type: DockerType, attributes: Record<string, unknown>, imageIds: ReadonlyMap<string, string>) {
  const input: Record<string, unknown> = {};
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (KEPT_META.includes(key)) copy[key] = key === "depends_on" ? addresses(value) : rewriteValues(value, reference);
    else if (key === "lifecycle") copy.lifecycle = copyLifecycle(value as Record<string, unknown>);
    else if (key !== "provider") input[key] = rewriteValues(value, reference);
  }
  if (type === "docker_image") {
    const name = attributes.name;
    if (typeof name !== "string" || name.includes("${"))
      throw new Error(
        `docker_image ${JSON.stringify(name)}: the drill builds its images before Terraform runs, so an image's name must be a literal`,
      );
    const id = imageIds.get(name);
    if (!id) throw new Error(`no locally built image for ${name}`);
    input.image_id = id;
  }
  return { ...copy, input };
}

function copyLifecycle(lifecycle: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const ownCode = (code: string) => reference(code).replace(SELF, "self.output.");
  for (const [key, value] of Object.entries(lifecycle)) {
    if (key === "ignore_changes") continue;
    kept[key] = key === "replace_triggered_by" ? addresses(value) : rewriteValues(value, ownCode);
  }
  return kept;
}

/** The lifecycle.ignore_changes of every docker resource, by its copy's name: the no-change check skips them. */
export function ignoredChanges(stack: TerraformJson): Map<string, string[]> {
  const ignored = new Map<string, string[]>();
  for (const type of DOCKER_TYPES)
    for (const [name, attributes] of Object.entries(stack.resource?.[type] ?? {})) {
      const list = (attributes.lifecycle as { ignore_changes?: unknown } | undefined)?.ignore_changes;
      if (Array.isArray(list)) ignored.set(copyName(type, name), list.map(String));
    }
  return ignored;
}

/** The docker_image names a stack pins (literals: the drill builds them before Terraform runs). */
export function imageNames(stack: TerraformJson): string[] {
  return Object.values(stack.resource?.docker_image ?? {}).map((image) => String(image.name));
}

/**
 * The copy Terraform applies: see the comment at the top. `imageIds`: the locally built image of every
 * docker_image name; `statePath`: where the copy's state is kept.
 */
export function terraformDataCopy(
  stack: TerraformJson,
  options: { readonly imageIds: ReadonlyMap<string, string>; readonly statePath: string },
): TerraformJson {
  const copy = rewriteValues(
    Object.fromEntries(
      Object.entries(stack).filter(([block]) => !["resource", "provider", "terraform"].includes(block)),
    ),
    reference,
  ) as TerraformJson;

  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const data: Record<string, Record<string, unknown>> = {};
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!(DOCKER_TYPES as readonly string[]).includes(type)) {
      const rewritten = Object.entries(resources).map(([name, attributes]) => [name, rewriteStackResource(attributes)]);
      if (type === "terraform_data") Object.assign(data, Object.fromEntries(rewritten));
      else resource[type] = Object.fromEntries(rewritten) as Record<string, Record<string, unknown>>;
    }
  }
  for (const type of DOCKER_TYPES)
    for (const [name, attributes] of Object.entries(stack.resource?.[type] ?? {})) {
      const target = copyName(type, name);
      if (data[target]) throw new Error(`the stack already has a terraform_data named ${target}`);
      data[target] = copyResource(type, attributes, options.imageIds);
    }
  copy.resource = { ...resource, terraform_data: data };

  for (const block of ["removed", "moved"] as const)
    if (Array.isArray(copy[block]))
      copy[block] = (copy[block] as Record<string, unknown>[]).map((entry) => ({
        ...entry,
        ...(typeof entry.from === "string" ? { from: rewriteAddress(entry.from) } : {}),
        ...(typeof entry.to === "string" ? { to: rewriteAddress(entry.to) } : {}),
      }));

  const providers = Object.fromEntries(Object.entries(stack.provider ?? {}).filter(([name]) => name !== "docker"));
  if (Object.keys(providers).length > 0) copy.provider = rewriteValues(providers, reference) as Record<string, unknown>;
  const { required_providers: required = {}, ...terraform } = stack.terraform ?? {};
  delete terraform.backend;
  delete terraform.cloud;
  const requiredRest = Object.fromEntries(Object.entries(required).filter(([name]) => name !== "docker"));
  copy.terraform = {
    ...terraform,
    ...(Object.keys(requiredRest).length > 0 ? { required_providers: requiredRest } : {}),
    backend: { local: { path: options.statePath } },
  };
  return copy;
}

/** A resource of the stack that is not a docker one: its references and dependency addresses rewritten. */
function rewriteStackResource(attributes: Record<string, unknown>): Record<string, unknown> {
  const copy = rewriteValues(attributes, reference) as Record<string, unknown>;
  if (attributes.depends_on) copy.depends_on = addresses(attributes.depends_on);
  const lifecycle = attributes.lifecycle as Record<string, unknown> | undefined;
  if (lifecycle?.replace_triggered_by)
    copy.lifecycle = { ...(copy.lifecycle as object), replace_triggered_by: addresses(lifecycle.replace_triggered_by) };
  return copy;
}
