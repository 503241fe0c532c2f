import { bash } from './bash-template';
import { SETUP_SCRIPT_PRELUDE } from './setup-script-prelude';

/** The steps of `cloudrun/setup.sh`, in order, written with the functions of the prelude. */
const SETUP_SCRIPT_STEPS = bash`enabled_apis=''
api_enabled() { grep -Fxq -- "$1" <<<"$enabled_apis"; }

[ -f "$service_yaml" ] || die "$service_yaml is missing: npm run synth writes it beside this script"
if $dry_run; then
  echo 'dry run: no gcloud command is called, so every resource is shown as missing'
else
  command -v gcloud >/dev/null || die 'gcloud is not on PATH: install the Google Cloud CLI'
  enabled_apis=$(gcloud services list --enabled --project="$PROJECT_ID" \
    --format='value(config.name)') || die "could not list the enabled APIs of project $PROJECT_ID"
fi

# 1. APIs (gcloud services enable is idempotent; the list above keeps a re-run quiet and fast).
for api in run.googleapis.com pubsub.googleapis.com vision.googleapis.com \
  storage.googleapis.com iam.googleapis.com; do
  if ! found "API $api" api_enabled "$api"; then
    create "API $api" gcloud services enable "$api" --project="$PROJECT_ID"
  fi
done

# 2. The bucket.
what="bucket gs://$BUCKET"
if ! found "$what" resource_exists gcloud storage buckets describe "gs://$BUCKET" \
  --project="$PROJECT_ID"; then
  create "$what" gcloud storage buckets create "gs://$BUCKET" --location="$BUCKET_LOCATION" \
    --project="$PROJECT_ID"
fi

# 3. The runtime service account, when it is one of this project's (another project's account, or
#    a default one, must exist already), and 4. its read access to the bucket.
what="runtime service account $RUNTIME_SERVICE_ACCOUNT_EMAIL"
case $RUNTIME_SERVICE_ACCOUNT_EMAIL in
  *@"$PROJECT_ID".iam.gserviceaccount.com)
    if ! found "$what" resource_exists gcloud iam service-accounts describe \
      "$RUNTIME_SERVICE_ACCOUNT_EMAIL" --project="$PROJECT_ID"; then
      create "$what" gcloud iam service-accounts create "\${RUNTIME_SERVICE_ACCOUNT_EMAIL%@*}" \
        --display-name="dualrun worker runtime ($SERVICE_NAME)" --project="$PROJECT_ID"
    fi
    ;;
  *) echo "skipped: $what is not in project $PROJECT_ID: it must exist already" ;;
esac
member="serviceAccount:$RUNTIME_SERVICE_ACCOUNT_EMAIL"
what="roles/storage.objectViewer on gs://$BUCKET for $RUNTIME_SERVICE_ACCOUNT_EMAIL"
if ! found "$what" has_member roles/storage.objectViewer "$member" \
  gcloud storage buckets get-iam-policy "gs://$BUCKET" --project="$PROJECT_ID"; then
  grant "$what" gcloud storage buckets add-iam-policy-binding "gs://$BUCKET" --member="$member" \
    --role=roles/storage.objectViewer --project="$PROJECT_ID"
fi

# 5. The topic and the dead-letter topic, and a pull subscription that keeps the dead letters (a
#    topic keeps nothing by itself). Like config-connector.yaml, it has Pub/Sub's default ack
#    deadline (10 s) and retention (7 days), and it never expires (the default is 31 idle days).
for topic in "$TOPIC" "$DEAD_LETTER_TOPIC"; do
  what="topic $topic"
  if ! found "$what" resource_exists gcloud pubsub topics describe "$topic" \
    --project="$PROJECT_ID"; then
    create "$what" gcloud pubsub topics create "$topic" --project="$PROJECT_ID"
  fi
done
what="pull subscription $DEAD_LETTER_SUBSCRIPTION to topic $DEAD_LETTER_TOPIC (keeps dead letters)"
if ! found "$what" resource_exists gcloud pubsub subscriptions describe \
  "$DEAD_LETTER_SUBSCRIPTION" --project="$PROJECT_ID"; then
  create "$what" gcloud pubsub subscriptions create "$DEAD_LETTER_SUBSCRIPTION" \
    --topic="$DEAD_LETTER_TOPIC" --expiration-period=never --project="$PROJECT_ID"
fi

# 6. The bucket notification. gcloud also grants the Cloud Storage service agent
#    roles/pubsub.publisher on the topic (Config Connector users add that grant themselves).
what="notification of OBJECT_FINALIZE on gs://$BUCKET to topic $TOPIC"
if ! found "$what" has_notification; then
  create "$what" gcloud storage buckets notifications create "gs://$BUCKET" --topic="$TOPIC" \
    --event-types=OBJECT_FINALIZE --payload-format=json --project="$PROJECT_ID"
fi

# 7. The Cloud Run service, deployed from the generated YAML when it does not exist yet.
what="Cloud Run service $SERVICE_NAME in $REGION"
if ! found "$what" resource_exists gcloud run services describe "$SERVICE_NAME" \
  --region="$REGION" --project="$PROJECT_ID"; then
  # Retried: the runtime service account of step 3 may be too new for IAM to see yet.
  grant "$what" gcloud run services replace "$service_yaml" --region="$REGION" \
    --project="$PROJECT_ID"
fi

# The project number names the Pub/Sub service agent (steps 8 and 10) and the service's
# deterministic URL, https://SERVICE-PROJECT_NUMBER.REGION.run.app (step 9).
project_number=$PROJECT_NUMBER
agent="service-$project_number@gcp-sa-pubsub.iam.gserviceaccount.com"

# 8. The push invoker service account, the only member with roles/run.invoker on the service, and
#    the Pub/Sub service agent's right to mint its OIDC tokens, on this account only rather than on
#    the project as the article granted it (needed where Pub/Sub was enabled before 2021-04-08,
#    harmless elsewhere).
what="push invoker service account $invoker_email"
if ! found "$what" resource_exists gcloud iam service-accounts describe "$invoker_email" \
  --project="$PROJECT_ID"; then
  create "$what" gcloud iam service-accounts create "$INVOKER_SERVICE_ACCOUNT_ID" \
    --display-name="Pub/Sub push invoker of $SERVICE_NAME" --project="$PROJECT_ID"
fi
member="serviceAccount:$invoker_email"
what="roles/run.invoker on Cloud Run service $SERVICE_NAME for $invoker_email"
if ! found "$what" has_member roles/run.invoker "$member" gcloud run services get-iam-policy \
  "$SERVICE_NAME" --region="$REGION" --project="$PROJECT_ID"; then
  grant "$what" gcloud run services add-iam-policy-binding "$SERVICE_NAME" --region="$REGION" \
    --member="$member" --role=roles/run.invoker --project="$PROJECT_ID"
fi
member="serviceAccount:$agent"
what="roles/iam.serviceAccountTokenCreator on service account $invoker_email for $agent"
if ! found "$what" has_member roles/iam.serviceAccountTokenCreator "$member" \
  gcloud iam service-accounts get-iam-policy "$invoker_email" --project="$PROJECT_ID"; then
  grant "$what" gcloud iam service-accounts add-iam-policy-binding "$invoker_email" \
    --member="$member" --role=roles/iam.serviceAccountTokenCreator --project="$PROJECT_ID"
fi

# 9. The push subscription, to the service's deterministic URL (as in config-connector.yaml; known
#    before the first deploy), with an OIDC token for the invoker; it never expires.
service_url="https://$SERVICE_NAME-$project_number.$REGION.run.app/"
what="push subscription $SUBSCRIPTION to $service_url"
if ! found "$what" resource_exists gcloud pubsub subscriptions describe "$SUBSCRIPTION" \
  --project="$PROJECT_ID"; then
  create "$what" gcloud pubsub subscriptions create "$SUBSCRIPTION" --topic="$TOPIC" \
    --push-endpoint="$service_url" \
    --push-auth-service-account="$invoker_email" \
    --push-auth-token-audience="$PUSH_AUDIENCE" \
    --ack-deadline="$ACK_DEADLINE_SECONDS" \
    --min-retry-delay="\${MIN_RETRY_DELAY_SECONDS}s" \
    --max-retry-delay="\${MAX_RETRY_DELAY_SECONDS}s" \
    --dead-letter-topic="$DEAD_LETTER_TOPIC" \
    --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS" \
    --expiration-period=never \
    --project="$PROJECT_ID"
elif ! $dry_run; then
  # It exists: warn about every setting that differs from the config (nothing is changed).
  settings=$(gcloud pubsub subscriptions describe "$SUBSCRIPTION" --project="$PROJECT_ID" \
    --format='value(pushConfig.pushEndpoint,pushConfig.oidcToken.audience,ackDeadlineSeconds,deadLetterPolicy.deadLetterTopic,deadLetterPolicy.maxDeliveryAttempts)') ||
    die "could not read the settings of push subscription $SUBSCRIPTION"
  # One line per setting; a tab-separated read would merge the empty fields of unset settings.
  mapfile -t current < <(tr '\t' '\n' <<<"$settings")
  endpoint=\${current[0]:-} audience=\${current[1]:-} ack_deadline=\${current[2]:-}
  dead_letter_topic=\${current[3]:-} attempts=\${current[4]:-}
  update=(gcloud pubsub subscriptions update "$SUBSCRIPTION" --project="$PROJECT_ID")
  push=(--push-endpoint="$service_url" --push-auth-service-account="$invoker_email"
    --push-auth-token-audience="$PUSH_AUDIENCE")
  differs "the push endpoint of $SUBSCRIPTION" "$endpoint" "$service_url" "\${update[@]}" "\${push[@]}"
  differs "the push audience of $SUBSCRIPTION" "$audience" "$PUSH_AUDIENCE" "\${update[@]}" "\${push[@]}"
  differs "the ack deadline of $SUBSCRIPTION" "$ack_deadline" "$ACK_DEADLINE_SECONDS" \
    "\${update[@]}" --ack-deadline="$ACK_DEADLINE_SECONDS"
  differs "the dead-letter topic of $SUBSCRIPTION" "$dead_letter_topic" \
    "projects/$PROJECT_ID/topics/$DEAD_LETTER_TOPIC" "\${update[@]}" \
    --dead-letter-topic="$DEAD_LETTER_TOPIC" --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS"
  differs "the maximum delivery attempts of $SUBSCRIPTION" "$attempts" "$MAX_DELIVERY_ATTEMPTS" \
    "\${update[@]}" --dead-letter-topic="$DEAD_LETTER_TOPIC" \
    --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS"
fi

# 10. Dead-lettering: the Pub/Sub service agent publishes to the dead-letter topic and
#     acknowledges on the subscription.
member="serviceAccount:$agent"
what="roles/pubsub.publisher on topic $DEAD_LETTER_TOPIC for $agent"
if ! found "$what" has_member roles/pubsub.publisher "$member" \
  gcloud pubsub topics get-iam-policy "$DEAD_LETTER_TOPIC" --project="$PROJECT_ID"; then
  grant "$what" gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER_TOPIC" \
    --member="$member" --role=roles/pubsub.publisher --project="$PROJECT_ID"
fi
what="roles/pubsub.subscriber on subscription $SUBSCRIPTION for $agent"
if ! found "$what" has_member roles/pubsub.subscriber "$member" \
  gcloud pubsub subscriptions get-iam-policy "$SUBSCRIPTION" --project="$PROJECT_ID"; then
  grant "$what" gcloud pubsub subscriptions add-iam-policy-binding "$SUBSCRIPTION" \
    --member="$member" --role=roles/pubsub.subscriber --project="$PROJECT_ID"
fi

if $dry_run; then
  echo 'dry run: nothing was changed'
else
  echo "done: uploads to gs://$BUCKET reach $SERVICE_NAME through topic $TOPIC"
fi
echo "To roll out a changed service YAML: $(quoted gcloud run services replace "$service_yaml" \
  --region="$REGION" --project="$PROJECT_ID")"
`;

/**
 * The fixed part of `cloudrun/setup.sh`, after the generated `readonly NAME='value'` settings
 * (see `SETUP_SCRIPT_VARIABLES`). Each step reads first (describe, list, get-iam-policy) and
 * creates only what is missing; every gcloud call passes `--project`; `--dry-run` calls no gcloud
 * command at all and prints the create commands. stdout carries one line per step (`created:`,
 * `exists:`, `would create:`, `skipped:`); gcloud's own output goes to stderr. The resources and
 * settings are those of `config-connector.yaml`.
 *
 * @see https://cloud.google.com/sdk/gcloud/reference/pubsub/subscriptions/create
 * @see https://cloud.google.com/sdk/gcloud/reference/storage/buckets/notifications/create
 * @see https://cloud.google.com/sdk/gcloud/reference/run/services/add-iam-policy-binding
 */
export const SETUP_SCRIPT_BODY = `${SETUP_SCRIPT_PRELUDE}\n${SETUP_SCRIPT_STEPS}`;
