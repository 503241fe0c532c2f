import { bash } from './bash-template';

/**
 * The fixed functions of every generated `setup.sh`, whatever its target: argument parsing
 * (`--dry-run`, `--help`), `found` (a read-only check that prints `exists:`), `create` and `grant`
 * (print `created:`, or `would create:` and the command on a dry run; `grant` tries a new account's
 * binding again), `resource_exists` (a describe; only gcloud's "not found" answers count as
 * missing), `has_member` (an IAM policy read with gcloud's `--flatten`/`--filter`/`--format`, no
 * jq), and one `ensure_*` function per kind of resource of the wiring model, which the generated
 * steps call. The bash text of each operation is here once; the steps only pass the names.
 */
export const SETUP_SCRIPT_PRELUDE = bash`dry_run=false
for arg in "$@"; do
  case $arg in
    --dry-run) dry_run=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      printf 'setup.sh: unknown argument: %s\n\n' "$arg" >&2
      usage >&2
      exit 2
      ;;
  esac
done

retry_pause_seconds=\${DUALRUN_SETUP_RETRY_PAUSE_SECONDS:-10}
script_dir=$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)

# die MESSAGE: stops the script with exit status 1.
die() {
  printf 'setup.sh: %s\n' "$1" >&2
  exit 1
}

# quoted WORD...: the words as one line that a shell reads back as the same words.
quoted() {
  local word line=''
  for word in "$@"; do
    case $word in
      '' | *[!A-Za-z0-9_./:=@,+%-]*) word="'$(printf '%s' "$word" | sed "s/'/'\\\\''/g")'" ;;
    esac
    line="$line $word"
  done
  printf '%s\n' "\${line# }"
}

# found WHAT CHECK...: runs the read-only CHECK and, when it succeeds, says "exists: WHAT". On a
# dry run nothing is read: every resource counts as missing.
found() {
  local what=$1
  shift
  if $dry_run || ! "$@"; then
    return 1
  fi
  printf 'exists: %s\n' "$what"
}

# create WHAT COMMAND...: runs COMMAND (its output to stderr) and says "created: WHAT"; a failure
# stops the script with exit status 1 and a line naming the step. On a dry run, prints COMMAND.
create() {
  local what=$1
  shift
  if $dry_run; then
    printf 'would create: %s\n  %s\n' "$what" "$(quoted "$@")"
    return
  fi
  "$@" >&2 || die "could not create $what: $(quoted "$@")"
  printf 'created: %s\n' "$what"
}

# grant WHAT COMMAND...: create, for a step that needs a service account that may just have been
# created (an IAM binding, a service that runs as the account). IAM takes a few seconds to see a
# new account, so a failed COMMAND is tried twice more before the script stops.
grant() {
  local what=$1 attempt
  shift
  if $dry_run; then
    create "$what" "$@"
    return
  fi
  for attempt in 1 2 3; do
    if "$@" >&2; then
      printf 'created: %s\n' "$what"
      return
    fi
    if [ "$attempt" -lt 3 ]; then
      printf 'setup.sh: trying again in %s s: %s\n' "$retry_pause_seconds" "$(quoted "$@")" >&2
      sleep "$retry_pause_seconds"
    fi
  done
  die "gave up after 3 attempts: $what: $(quoted "$@")"
}

# differs WHAT ACTUAL EXPECTED FIX...: when a setting of an existing resource is not the config's,
# warns with the command FIX that changes it (the script never changes what exists).
differs() {
  [ "$2" = "$3" ] && return
  printf 'warning: %s is %s, the config says %s; run: %s\n' "$1" "\${2:-(unset)}" \
    "\${3:-(unset)}" "$(quoted "\${@:4}")"
}

# resource_exists COMMAND...: runs a describe COMMAND. True when it succeeds, false when gcloud
# says the resource is not there; any other failure (permission, network) stops the script.
resource_exists() {
  local errors
  if errors=$("$@" 2>&1 >/dev/null); then
    return 0
  fi
  case $errors in
    *NOT_FOUND* | *'not found'* | *'Cannot find'*) return 1 ;;
  esac
  printf '%s\n' "$errors" >&2
  die "could not check: $(quoted "$@")"
}

# has_member ROLE MEMBER COMMAND...: does the IAM policy that COMMAND (a get-iam-policy) reads bind
# MEMBER to ROLE? gcloud's --flatten, --filter and --format select the members, so no jq is needed.
has_member() {
  local role=$1 member=$2 members
  shift 2
  members=$("$@" --flatten='bindings[].members' --filter="bindings.role=$role" \
    --format='value(bindings.members)') || die "could not read the IAM policy: $(quoted "$@")"
  grep -Fxq -- "$member" <<<"$members"
}

# has_notification TOPIC: does the bucket have a notification configuration that publishes to TOPIC?
has_notification() {
  local topics topic
  topics=$(gcloud storage buckets notifications list "gs://$BUCKET" --project="$PROJECT_ID" \
    --format='value("Notification Configuration".topic)') ||
    die "could not list the notification configurations of gs://$BUCKET"
  while IFS= read -r topic; do
    case /$topic in
      */projects/"$PROJECT_ID"/topics/"$1") return 0 ;;
    esac
  done <<<"$topics"
  return 1
}

enabled_apis=''
api_enabled() { grep -Fxq -- "$1" <<<"$enabled_apis"; }

# ensure_apis API...: enables each API that is not enabled yet (gcloud services enable is
# idempotent; the list read at the start keeps a re-run quiet and fast).
ensure_apis() {
  local api
  for api in "$@"; do
    if ! found "API $api" api_enabled "$api"; then
      create "API $api" gcloud services enable "$api" --project="$PROJECT_ID"
    fi
  done
}

# ensure_bucket: creates the bucket in BUCKET_LOCATION when it does not exist.
ensure_bucket() {
  local what="bucket gs://$BUCKET"
  if ! found "$what" resource_exists gcloud storage buckets describe "gs://$BUCKET" \
    --project="$PROJECT_ID"; then
    create "$what" gcloud storage buckets create "gs://$BUCKET" --location="$BUCKET_LOCATION" \
      --project="$PROJECT_ID"
  fi
}

# ensure_service_account ROLE EMAIL DISPLAY_NAME: creates the service account EMAIL when it is one
# of this project's and does not exist; another project's account, or a default one, must exist.
ensure_service_account() {
  local what="$1 $2"
  case $2 in
    *@"$PROJECT_ID".iam.gserviceaccount.com)
      if ! found "$what" resource_exists gcloud iam service-accounts describe "$2" \
        --project="$PROJECT_ID"; then
        create "$what" gcloud iam service-accounts create "\${2%@*}" --display-name="$3" \
          --project="$PROJECT_ID"
      fi
      ;;
    *) echo "skipped: $what is not in project $PROJECT_ID: it must exist already" ;;
  esac
}

# ensure_topic TOPIC: creates the Pub/Sub topic when it does not exist.
ensure_topic() {
  local what="topic $1"
  if ! found "$what" resource_exists gcloud pubsub topics describe "$1" --project="$PROJECT_ID"; then
    create "$what" gcloud pubsub topics create "$1" --project="$PROJECT_ID"
  fi
}

# ensure_subscription [--warn-drift] WHAT SUBSCRIPTION FLAG...: creates the subscription with the
# creation FLAGs (gcloud pubsub subscriptions create) when it does not exist. With --warn-drift,
# an existing one is compared with the FLAGs (subscription_drift).
ensure_subscription() {
  local warn=false
  if [ "$1" = --warn-drift ]; then
    warn=true
    shift
  fi
  local what=$1 name=$2
  shift 2
  if ! found "$what" resource_exists gcloud pubsub subscriptions describe "$name" \
    --project="$PROJECT_ID"; then
    create "$what" gcloud pubsub subscriptions create "$name" "$@" --project="$PROJECT_ID"
  elif $warn; then
    subscription_drift "$name" "$@"
  fi
}

# subscription_drift SUBSCRIPTION FLAG...: warns about every setting of the existing subscription
# that differs from its creation FLAGs and that only an update can change: the push endpoint and
# audience (none for a pull subscription), the ack deadline, the dead-letter topic and attempts.
subscription_drift() {
  local name=$1 flag endpoint='' account='' audience='' ack_deadline='' dead_letter='' attempts=''
  local settings
  shift
  for flag in "$@"; do
    case $flag in
      --push-endpoint=*) endpoint=\${flag#*=} ;;
      --push-auth-service-account=*) account=\${flag#*=} ;;
      --push-auth-token-audience=*) audience=\${flag#*=} ;;
      --ack-deadline=*) ack_deadline=\${flag#*=} ;;
      --dead-letter-topic=*) dead_letter=\${flag#*=} ;;
      --max-delivery-attempts=*) attempts=\${flag#*=} ;;
    esac
  done
  settings=$(gcloud pubsub subscriptions describe "$name" --project="$PROJECT_ID" \
    --format='value(pushConfig.pushEndpoint,pushConfig.oidcToken.audience,ackDeadlineSeconds,deadLetterPolicy.deadLetterTopic,deadLetterPolicy.maxDeliveryAttempts)') ||
    die "could not read the settings of subscription $name"
  # One line per setting; a tab-separated read would merge the empty fields of unset settings.
  local -a current update push
  mapfile -t current < <(tr '\t' '\n' <<<"$settings")
  update=(gcloud pubsub subscriptions update "$name" --project="$PROJECT_ID")
  if [ -n "$endpoint" ]; then
    push=(--push-endpoint="$endpoint" --push-auth-service-account="$account"
      --push-auth-token-audience="$audience")
    differs "the push endpoint of $name" "\${current[0]:-}" "$endpoint" "\${update[@]}" "\${push[@]}"
    differs "the push audience of $name" "\${current[1]:-}" "$audience" "\${update[@]}" "\${push[@]}"
  else
    differs "the push endpoint of pull subscription $name" "\${current[0]:-}" '' \
      gcloud pubsub subscriptions modify-push-config "$name" --push-endpoint= --project="$PROJECT_ID"
  fi
  differs "the ack deadline of $name" "\${current[2]:-}" "$ack_deadline" \
    "\${update[@]}" --ack-deadline="$ack_deadline"
  differs "the dead-letter topic of $name" "\${current[3]:-}" \
    "projects/$PROJECT_ID/topics/$dead_letter" "\${update[@]}" \
    --dead-letter-topic="$dead_letter" --max-delivery-attempts="$attempts"
  differs "the maximum delivery attempts of $name" "\${current[4]:-}" "$attempts" \
    "\${update[@]}" --dead-letter-topic="$dead_letter" --max-delivery-attempts="$attempts"
}

# ensure_notification TOPIC EVENT_TYPES PAYLOAD_FORMAT: creates a notification configuration of the
# bucket that publishes EVENT_TYPES (comma-separated) to TOPIC, unless one publishes there already.
ensure_notification() {
  local what="notification of $2 on gs://$BUCKET to topic $1"
  if ! found "$what" has_notification "$1"; then
    create "$what" gcloud storage buckets notifications create "gs://$BUCKET" --topic="$1" \
      --event-types="$2" --payload-format="$3" --project="$PROJECT_ID"
  fi
}

# ensure_grant KIND NAME ROLE MEMBER [PREPARE...]: binds MEMBER to ROLE on the resource NAME of KIND
# (topic, subscription, service-account, run-service, bucket) unless the policy binds it already.
# PREPARE, when given, runs just before the binding is added (such as making sure a service agent
# exists).
ensure_grant() {
  local kind=$1 name=$2 role=$3 member=$4 label
  shift 4
  local -a target
  case $kind in
    topic) label="topic $name" target=(pubsub topics) ;;
    subscription) label="subscription $name" target=(pubsub subscriptions) ;;
    service-account) label="service account $name" target=(iam service-accounts) ;;
    run-service) label="Cloud Run service $name" target=(run services) ;;
    bucket) label="gs://$name" target=(storage buckets) name="gs://$name" ;;
    *) die "no IAM policy for a resource of kind $kind" ;;
  esac
  local -a where=("$name")
  [ "$kind" != run-service ] || where+=(--region="$REGION")
  local what="$role on $label for \${member#serviceAccount:}"
  if ! found "$what" has_member "$role" "$member" \
    gcloud "\${target[@]}" get-iam-policy "\${where[@]}" --project="$PROJECT_ID"; then
    if ! $dry_run && [ $# -gt 0 ]; then
      "$@" >&2 || die "could not prepare $what: $(quoted "$@")"
    fi
    grant "$what" gcloud "\${target[@]}" add-iam-policy-binding "\${where[@]}" \
      --member="$member" --role="$role" --project="$PROJECT_ID"
  fi
}
`;

/**
 * The first steps of every run: a dry run says that it reads nothing; a real run needs gcloud and
 * reads the enabled APIs once.
 */
export const SETUP_SCRIPT_START = bash`if $dry_run; then
  echo "dry run of the $TARGET wiring: no gcloud command is called, so every resource is shown as missing"
else
  command -v gcloud >/dev/null || die 'gcloud is not on PATH: install the Google Cloud CLI'
  enabled_apis=$(gcloud services list --enabled --project="$PROJECT_ID" \
    --format='value(config.name)') || die "could not list the enabled APIs of project $PROJECT_ID"
fi
`;
