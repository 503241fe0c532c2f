/**
 * What a generated `setup.sh` does for its destination besides the wiring's resources: the APIs it
 * enables, the checks before any gcloud call, the steps that are no resource of the model (the
 * Cloud Run runtime account and deploy), and the last lines. One entry per destination kind.
 */
import { bash } from './bash-template';
import type { SetupStep, StepContext } from './step';
import { bashWord } from './words';
import { shellCommand, shellQuote } from './shell-quote';
import type { WiringDestination, WiringGrantResource } from '../wiring-model';

/** One destination's own part of the script. */
export interface DestinationPart {
  /** What the script wires, for its header comment and `--help`: "Wires … through …". */
  readonly summary: string;
  /** The delivery subscription's settings whose drift `setup.sh` warns about, for `--help`. */
  readonly driftSettings: string;
  /** The APIs it enables, with their names for `--help`. */
  readonly apis: readonly (readonly [api: string, name: string])[];
  /** Bash run before any gcloud call: this destination's functions and checks. */
  readonly preflight: string;
  /** Its first steps, after the APIs and the bucket. */
  readonly first: (context: StepContext) => SetupStep[];
  /** A step that must come just before the first grant on a resource of a kind (a deploy). */
  readonly beforeGrantOn: (
    context: StepContext,
  ) => Partial<Record<WiringGrantResource['kind'], SetupStep>>;
  /** The script's last lines. */
  readonly epilogue: string;
}

const CLOUD_RUN_PREFLIGHT = bash`service_yaml="$script_dir/$SERVICE_YAML"

# ensure_run_service: deploys the Cloud Run service from the generated YAML when it does not exist
# yet. Retried: the runtime service account may be too new for IAM to see yet.
ensure_run_service() {
  local what="Cloud Run service $SERVICE_NAME in $REGION"
  if ! found "$what" resource_exists gcloud run services describe "$SERVICE_NAME" \
    --region="$REGION" --project="$PROJECT_ID"; then
    grant "$what" gcloud run services replace "$service_yaml" --region="$REGION" \
      --project="$PROJECT_ID"
  fi
}

[ -f "$service_yaml" ] || die "$service_yaml is missing: npm run synth writes it beside this script"
`;

const CLOUD_RUN_EPILOGUE = bash`if $dry_run; then
  echo 'dry run: nothing was changed'
else
  echo "done: uploads to gs://$BUCKET reach $SERVICE_NAME through topic $TOPIC"
fi
echo "To roll out a changed service YAML: $(quoted gcloud run services replace "$service_yaml" \
  --region="$REGION" --project="$PROJECT_ID")"
`;

const KNATIVE_EPILOGUE = bash`if $dry_run; then
  echo 'dry run: nothing was changed'
else
  echo "done: uploads to gs://$BUCKET reach subscription $SUBSCRIPTION, which the Pub/Sub source pulls"
fi
echo "Then apply the Knative objects (the ContainerSource pulls $SUBSCRIPTION into the Broker): $(quoted kubectl apply -f "$(dirname "$script_dir")")"
`;

const STORAGE_APIS = [
  ['pubsub.googleapis.com', 'Pub/Sub'],
  ['vision.googleapis.com', 'Vision'],
  ['storage.googleapis.com', 'Cloud Storage'],
  ['iam.googleapis.com', 'IAM'],
] as const;

/** Each destination kind's own part. */
export const DESTINATION_PARTS: {
  readonly [K in WiringDestination['kind']]: DestinationPart;
} = {
  'cloud-run-service': {
    summary:
      'Wires the Cloud Run worker to the uploads of a Cloud Storage bucket through a Pub/Sub push subscription',
    driftSettings: 'push endpoint, audience, ack deadline or dead-lettering',
    apis: [['run.googleapis.com', 'Cloud Run'], ...STORAGE_APIS],
    preflight: CLOUD_RUN_PREFLIGHT,
    first: ({ wiring, v }) => [
      {
        help: "create the worker's runtime service account (when it belongs to this project)",
        code: shellCommand([
          'ensure_service_account',
          shellQuote('runtime service account'),
          bashWord(v('RUNTIME_SERVICE_ACCOUNT_EMAIL')),
          shellQuote(`dualrun worker runtime (${wiring.destination.name})`),
        ]),
      },
    ],
    beforeGrantOn: () => ({
      'run-service': {
        help: 'deploy the Cloud Run service from SERVICE_YAML (beside this script) if it does not exist',
        code: 'ensure_run_service',
      },
    }),
    epilogue: CLOUD_RUN_EPILOGUE,
  },
  'knative-source': {
    summary:
      "Wires the uploads of a Cloud Storage bucket to the pull subscription that the kit's Pub/Sub source (a Knative ContainerSource) reads",
    driftSettings: 'ack deadline or dead-lettering',
    apis: STORAGE_APIS,
    preflight: '',
    first: () => [],
    beforeGrantOn: () => ({}),
    epilogue: KNATIVE_EPILOGUE,
  },
};
