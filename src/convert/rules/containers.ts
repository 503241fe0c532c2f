/**
 * The containers of the Service being converted, as the rules walk them: each with its path and
 * whether it is the serving container (the one with a port, or the only one), decided on the input
 * so that a port a rule adds changes nothing.
 */
import { asList, asMapping, listAt, type Path } from '../../validator/core/object-access';
import type { ConvertContext } from '../convert-rule';
import { entriesAt, type Json } from '../json-edit';
import { POD_SPEC } from './revision-rules';

/** `spec.template.spec.containers` */
export const CONTAINERS: Path = [...POD_SPEC, 'containers'];

/** One container of the output. */
export interface ContainerAt {
  readonly container: Json;
  readonly path: Path;
  readonly serving: boolean;
}

/** The index of the serving container of `service`: the first with a port, else the only one. */
export function servingIndexOf(service: unknown): number {
  const containers = listAt(service, CONTAINERS);
  const withPort = containers.findIndex((c) => asList(asMapping(c)?.['ports']).length > 0);
  if (withPort >= 0) return withPort;
  return containers.length === 1 ? 0 : -1;
}

/** The containers of the output, in order. */
export function containersOf(context: ConvertContext): readonly ContainerAt[] {
  const serving = servingIndexOf(context.source);
  return entriesAt(context.out, CONTAINERS).map(({ value, index }) => ({
    container: value,
    path: [...CONTAINERS, index],
    serving: index === serving,
  }));
}
