#!/usr/bin/env bash
# A fake gcloud for the setup.sh tests, put first on PATH as `gcloud`. It appends its argv as one
# JSON array line to $FAKE_GCLOUD_STATE/calls.jsonl and answers from what earlier calls recorded
# under $FAKE_GCLOUD_STATE, the way gcloud answers:
#   - describe fails (exit 1) with gcloud's own "not found" wording until the matching create (or
#     `run services replace`) has run; a create of something that exists fails with ALREADY_EXISTS;
#   - `services list` prints the APIs enabled so far; `storage buckets notifications list` the topics
#     of the notifications created so far; get-iam-policy the members that add-iam-policy-binding
#     bound to the role of `--filter=bindings.role=ROLE`;
#   - `pubsub subscriptions create` fails with NOT_FOUND when its --topic was not created first, and
#     records the subscription's settings (push or pull), which `pubsub subscriptions describe`
#     prints tab-separated with --format=value(pushConfig.pushEndpoint,…) (SUBSCRIPTION_FORMAT); a
#     test may change the recorded line to emulate drift;
#   - `storage service-agent` prints the Cloud Storage service agent's e-mail.
# FAKE_GCLOUD_FAIL='<command words>' makes a command that starts with those words fail with
# PERMISSION_DENIED and exit status FAKE_GCLOUD_FAIL_STATUS (default 1; gcloud also uses 2),
# FAKE_GCLOUD_FAIL_TIMES times (default: every time). A call without --project, a
# run call without --region, a format it does not emulate or a command it does not know exits 3.
set -euo pipefail

state=${FAKE_GCLOUD_STATE:?FAKE_GCLOUD_STATE must name a directory}
readonly SUBSCRIPTION_FORMAT='value(pushConfig.pushEndpoint,pushConfig.oidcToken.audience,ackDeadlineSeconds,deadLetterPolicy.deadLetterTopic,deadLetterPolicy.maxDeliveryAttempts)'

json=''
for arg in "$@"; do
  arg=${arg//\\/\\\\}
  arg=${arg//\"/\\\"}
  arg=${arg//$'\t'/\\t}
  arg=${arg//$'\n'/\\n}
  json+="${json:+,}\"$arg\""
done
printf '[%s]\n' "$json" >>"$state/calls.jsonl"

words=()
declare -A flags=()
for arg in "$@"; do
  case $arg in
    --*=*) flags[${arg%%=*}]=${arg#*=} ;;
    --*) flags[$arg]='' ;;
    *) words+=("$arg") ;;
  esac
done

refuse() {
  printf 'fake gcloud: %s: %s\n' "$1" "$*" >&2
  exit 3
}

project=${flags[--project]:-}
[ -n "$project" ] || refuse 'no --project' "$@"
if [ "${words[0]:-}" = run ] && [ -z "${flags[--region]:-}" ]; then refuse 'no --region' "$@"; fi

if [ -n "${FAKE_GCLOUD_FAIL:-}" ] && [[ "${words[*]} " == "$FAKE_GCLOUD_FAIL "* ]]; then
  failures=$(($(cat "$state/failures" 2>/dev/null || echo 0) + 1))
  echo "$failures" >"$state/failures"
  if [ "$failures" -le "${FAKE_GCLOUD_FAIL_TIMES:-1000000}" ]; then
    echo "ERROR: (gcloud.${words[0]}) PERMISSION_DENIED: The caller does not have permission" >&2
    exit "${FAKE_GCLOUD_FAIL_STATUS:-1}"
  fi
fi

group="${words[0]:-}-${words[1]:-}"
verb=${words[2]:-}
name=${words[3]:-}

# resource GROUP NAME: the file that records that the resource exists.
resource() { printf '%s/resources/%s/%s' "$state" "$1" "${2//\//%2F}"; }

not_found() {
  case $group in
    storage-buckets) echo "ERROR: (gcloud.storage.buckets.describe) $name not found: 404." ;;
    iam-service-accounts) echo 'ERROR: (gcloud.iam.service-accounts.describe) NOT_FOUND: Unknown service account' ;;
    run-services) echo "ERROR: (gcloud.run.services.describe) Cannot find service [$name]" ;;
    *) echo "ERROR: (gcloud.${words[0]}.${words[1]}.$verb) NOT_FOUND: Resource not found (resource=$name)." ;;
  esac >&2
  exit 1
}

record() { # record GROUP NAME: a create; fails when the resource exists
  local file
  file=$(resource "$1" "$2")
  if [ -e "$file" ]; then
    echo "ERROR: (gcloud.${words[0]}.${words[1]}.$verb) ALREADY_EXISTS: Resource already exists ($2)" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$file")"
  touch "$file"
  echo "Created [$2]." >&2
}

case "${words[0]:-} ${words[1]:-} ${words[2]:-} ${words[3]:-}" in
  'services list '*)
    [ "${flags[--format]:-}" = 'value(config.name)' ] || refuse 'unemulated format' "$@"
    cat "$state/apis" 2>/dev/null || true
    ;;
  'services enable '*) printf '%s\n' "${words[@]:2}" >>"$state/apis" ;;
  'storage buckets notifications list')
    [ "${flags[--format]:-}" = 'value("Notification Configuration".topic)' ] ||
      refuse 'unemulated format' "$@"
    [ -e "$(resource storage-buckets "${words[4]}")" ] || refuse 'no such bucket' "$@"
    cat "$(resource notifications "${words[4]}")" 2>/dev/null || true
    ;;
  'storage buckets notifications create')
    [ -e "$(resource storage-buckets "${words[4]}")" ] || refuse 'no such bucket' "$@"
    mkdir -p "$state/resources/notifications"
    echo "//pubsub.googleapis.com/projects/$project/topics/${flags[--topic]}" \
      >>"$(resource notifications "${words[4]}")"
    ;;
  *' describe '*)
    [ -e "$(resource "$group" "$name")" ] || not_found
    if [ "$group" = pubsub-subscriptions ] && [ "${flags[--format]:-}" = "$SUBSCRIPTION_FORMAT" ]; then
      cat "$(resource "$group" "$name")"
      exit 0
    fi
    [ -z "${flags[--format]:-}" ] || refuse 'unemulated format' "$@"
    printf 'name: %s\n' "$name"
    ;;
  'iam service-accounts create '*) record "$group" "$name@$project.iam.gserviceaccount.com" ;;
  'run services replace '*)
    [ -f "$name" ] || refuse 'no such file' "$@"
    record "$group" "$(sed -n 's/^  name: *//p' "$name" | head -n 1)"
    ;;
  'pubsub subscriptions create '*)
    if [ ! -e "$(resource pubsub-topics "${flags[--topic]:-}")" ]; then
      echo "ERROR: (gcloud.pubsub.subscriptions.create) NOT_FOUND: Resource not found (resource=${flags[--topic]:-})." >&2
      exit 1
    fi
    record "$group" "$name"
    dead_letter_topic=''
    if [ -n "${flags[--dead-letter-topic]:-}" ]; then
      dead_letter_topic="projects/$project/topics/${flags[--dead-letter-topic]}"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "${flags[--push-endpoint]:-}" \
      "${flags[--push-auth-token-audience]:-}" "${flags[--ack-deadline]:-10}" \
      "$dead_letter_topic" "${flags[--max-delivery-attempts]:-}" >"$(resource "$group" "$name")"
    ;;
  'storage service-agent '*)
    printf 'service-%s@gs-project-accounts.iam.gserviceaccount.com\n' "${FAKE_GCLOUD_PROJECT_NUMBER:-123456789012}"
    ;;
  *' create '*) record "$group" "$name" ;;
  *' get-iam-policy '*)
    [ -e "$(resource "$group" "$name")" ] || not_found
    if [ "${flags[--flatten]:-}" != 'bindings[].members' ] ||
      [ "${flags[--format]:-}" != 'value(bindings.members)' ] ||
      [[ ${flags[--filter]:-} != bindings.role=* ]]; then
      refuse 'unemulated policy read' "$@"
    fi
    role=${flags[--filter]#bindings.role=}
    awk -v role="$role" '$1 == role { print $2 }' "$(resource iam "$group/$name")" 2>/dev/null || true
    ;;
  *' add-iam-policy-binding '*)
    [ -e "$(resource "$group" "$name")" ] || not_found
    mkdir -p "$state/resources/iam"
    echo "${flags[--role]} ${flags[--member]}" >>"$(resource iam "$group/$name")"
    echo "Updated IAM policy for [$name]."
    printf 'bindings:\n- members:\n  - %s\n  role: %s\n' "${flags[--member]}" "${flags[--role]}"
    ;;
  *) refuse 'unknown command' "$@" ;;
esac
