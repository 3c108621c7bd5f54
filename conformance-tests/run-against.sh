#!/bin/sh
# Runs the conformance suite against any XMPP server (issue 7) and prints where its Markdown summary is.
#
#   conformance-tests/run-against.sh --host H --port P --domain D [--direct-tls-port N]
#       [--accounts user1:pw1,user2:pw2] [--certificate FILE | --insecure] [--name NAME] [--no-sint] [-- MAVEN_ARGS...]
#
# Without --accounts the tests register fresh accounts in-band (XEP-0077); with it they fall back to those accounts
# where registration is refused. --certificate trusts exactly that PEM file; --insecure trusts any certificate (for
# test servers on loopback only); neither trusts the JDK's CAs. Tests that need Parley's in-process server are skipped.
# Every test has a time limit (src/test/resources/junit-platform.properties), so a hung target gives failed rows.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
host= port=5222 domain= direct= accounts= certificate= insecure=false name= sint=true
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host=$2; shift 2;;
    --port) port=$2; shift 2;;
    --domain) domain=$2; shift 2;;
    --direct-tls-port) direct=$2; shift 2;;
    --accounts) accounts=$2; shift 2;;
    --certificate) certificate=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
    --insecure) insecure=true; shift;;
    --name) name=$2; shift 2;;
    --no-sint) sint=false; shift;;
    --) shift; break;;
    -h|--help) sed -n '2,11p' "$0"; exit 0;;
    *) echo "run-against.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
[ -n "$host" ] || { echo "run-against.sh: --host is required" >&2; exit 2; }
[ -n "$domain" ] || domain=$host
[ -n "$name" ] || name="$domain-$port"
report="$here/target/conformance-report-$name.md"
compliance="$here/target/compliance-suites-$name.md"
mkdir -p "$here/target"
cd "$root"
# Test failures are the result, not an error of the run: the report lists them.
mvn -B -pl conformance-tests verify -Dmaven.test.failure.ignore=true \
  -Dparley.target.host="$host" -Dparley.target.port="$port" -Dparley.target.domain="$domain" \
  ${direct:+-Dparley.target.direct-tls-port="$direct"} \
  ${accounts:+-Dparley.target.accounts="$accounts"} \
  ${certificate:+-Dparley.target.certificate="$certificate"} \
  -Dparley.target.insecure="$insecure" -Dparley.sint.skip=$([ "$sint" = true ] && echo false || echo true) \
  -Dparley.conformance.report="$report" -Dparley.compliance.report="$compliance" \
  "$@" > "$here/target/run-against-$name.log" 2>&1 || {
    echo "run-against.sh: Maven failed; see $here/target/run-against-$name.log" >&2; tail -20 "$here/target/run-against-$name.log" >&2; exit 1; }
echo "Conformance summary: $report"
echo "XEP-0479 table:      $compliance"
