/**
 * The shape of one step of a generated `setup.sh`, and what it is rendered from: shared by the
 * resource steps (`setup-script-steps.ts`) and the destinations' own steps
 * (`setup-script-destinations.ts`).
 */
import type { SetupScriptSettings, SetupScriptVariable } from './settings';
import type { VariablePart } from './words';
import type { WiringModel } from '../wiring-model';

/** One step: its line in `--help`, and its bash. */
export interface SetupStep {
  readonly help: string;
  readonly code: string;
}

/** What a step is rendered from. */
export interface StepContext {
  readonly wiring: WiringModel;
  readonly settings: SetupScriptSettings;
  /** A header variable, checked to be declared. */
  readonly v: (variable: SetupScriptVariable) => VariablePart;
}
