/** Rules on the shape of each object: a kind the validator knows, and its strict schema. */
export { SCHEMA_RULES } from './schema-rules';
