/** Rules on the YAML text: syntax, documents that are mappings, readings YAML 1.1 and 1.2 share. */
export { YAML_RULES } from './yaml-rules';
