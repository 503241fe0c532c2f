import { bash } from './bash-template';

/**
 * The first part of the fixed body of `cloudrun/setup.sh`: strict mode, `--help` and
 * `--dry-run`, and the functions every step uses: `found` (a read-only check that prints
 * `exists:`), `create` and `grant` (print `created:`, or `would create:` and the command on a dry
 * run), `resource_exists` (a describe; only gcloud's "not found" answers count as missing),
 * `has_member` (an IAM policy read with gcloud's `--flatten`/`--filter`/`--format`, no jq) and
 * `has_notification`.
 */
export const SETUP_SCRIPT_PRELUDE = bash`set -euo pipefail

usage() {
  cat <<'EOF'
Usage: setup.sh [--dry-run] [--help]

Wires the Cloud Run worker to the uploads of a Cloud Storage bucket through a Pub/Sub push
subscription, with the settings at the top of this file. Each step checks whether its resource
exists and creates only what is missing, so the script can be run again at any time:
   1. enable the APIs: Cloud Run, Pub/Sub, Vision, Cloud Storage, IAM
   2. create the bucket
   3. create the worker's runtime service account (when it belongs to this project)
   4. grant it roles/storage.objectViewer on the bucket (Vision reads gs:// as the worker)
   5. create the topic, the dead-letter topic, and a pull subscription on the dead-letter topic
      that keeps dead letters (7 days) and never expires
   6. create the bucket notification: OBJECT_FINALIZE events, JSON payload, to the topic
   7. deploy the Cloud Run service from SERVICE_YAML (beside this script) if it does not exist
   8. create the push invoker service account; grant it roles/run.invoker on the service, and
      let the Pub/Sub service agent mint its OIDC tokens (roles/iam.serviceAccountTokenCreator
      on this account)
   9. create the push subscription: OIDC-authenticated push to the service's run.app URL, retry
      policy, dead-letter topic and maximum delivery attempts; it never expires
  10. let the Pub/Sub service agent publish to the dead-letter topic and acknowledge on the
      subscription, which dead-lettering needs
What exists is never changed: an existing push subscription whose endpoint, audience, ack
deadline or dead-lettering differs from these settings gets a "warning:" line with the
gcloud pubsub subscriptions update command that changes it.

Options:
  --dry-run   print the command that would create each resource; calls no gcloud command at all
  -h, --help  print this help

Exit status: 0 when every resource exists, 1 when a step fails, 2 for an unknown argument.
EOF
}

dry_run=false
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
service_yaml="$script_dir/$SERVICE_YAML"
invoker_email="$INVOKER_SERVICE_ACCOUNT_ID@$PROJECT_ID.iam.gserviceaccount.com"

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
  printf 'warning: %s is %s, the config says %s; run: %s\n' "$1" "\${2:-(unset)}" "$3" \
    "$(quoted "\${@:4}")"
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

# has_notification: does the bucket have a notification configuration that publishes to TOPIC?
has_notification() {
  local topics topic
  topics=$(gcloud storage buckets notifications list "gs://$BUCKET" --project="$PROJECT_ID" \
    --format='value("Notification Configuration".topic)') ||
    die "could not list the notification configurations of gs://$BUCKET"
  while IFS= read -r topic; do
    case /$topic in
      */projects/"$PROJECT_ID"/topics/"$TOPIC") return 0 ;;
    esac
  done <<<"$topics"
  return 1
}
`;
