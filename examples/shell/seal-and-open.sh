#!/bin/sh
# Seals and opens a message with the AWS CLI v2 every 10 seconds for 3.5 minutes, as a cron job or
# an operator's script might, and says what happened each round. Run under kmsim exec:
#
#   npx kmsim exec examples/shell/operator-disconnect.yaml --time-scale 20 -- sh examples/shell/seal-and-open.sh
#
# kmsim exec puts the endpoint in KMSIM_ENDPOINT_URL (the Debian CLI 2.9 does not read
# AWS_ENDPOINT_URL, so it is passed explicitly), the credentials and Region in the AWS_*
# variables, and the key's ARN in KMSIM_KEY_APP_KEY. `date` and `sleep` follow the virtual clock.
# Exits 0 if the last round worked, 1 if not.
set -u
aws=${AWS_CLI:-/usr/bin/aws}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
until=$(( $(date +%s) + 210 ))
round=0
last=failed
while [ "$(date +%s)" -lt "$until" ]; do
  round=$((round + 1))
  printf 'round %s at %s: hello\n' "$round" "$(date -u +%T)" > "$work/plain"
  if "$aws" kms encrypt --endpoint-url "$KMSIM_ENDPOINT_URL" --key-id "$KMSIM_KEY_APP_KEY" \
       --plaintext "fileb://$work/plain" --query CiphertextBlob --output text > "$work/blob.b64" 2> "$work/err" &&
     base64 -d "$work/blob.b64" > "$work/blob" &&
     "$aws" kms decrypt --endpoint-url "$KMSIM_ENDPOINT_URL" --ciphertext-blob "fileb://$work/blob" \
       --query Plaintext --output text 2>> "$work/err" | base64 -d > "$work/opened" &&
     cmp -s "$work/plain" "$work/opened"; then
    echo "round $round: sealed and opened"
    last=ok
  else
    echo "round $round: failed: $(grep -o '([A-Za-z]*Exception)' "$work/err" | head -n 1)"
    last=failed
  fi
  sleep 10
done
[ "$last" = ok ]
