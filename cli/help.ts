/** The texts of `workbench --help` and `workbench run --help`. */
import { DEFAULT_TIMEOUT_MS } from './args';

export const MAIN_HELP = `Usage: workbench <command> [options]

Partner API Workbench on the command line: runs saved collections, in CI or by hand, on the
same code as the app (variables, credentials, captures, checks, masking of secrets).

Commands:
  run <collection>   Run a collection folder, the app's export file or a Postman v2.0/v2.1 collection.
                     See workbench run --help.

Options:
  -h, --help         Show this help.
  -v, --version      Show the version.

Exit codes: 0 every check passed; 1 a check failed or a request could not be sent;
2 a bad command line or an unreadable collection.
`;

export const RUN_HELP = `Usage: workbench run <collection folder | export file | Postman collection file> [options]

Runs every request of the collection in tree order, once per iteration, checks each response,
and reports. The flags are newman's where the meaning is the same.

Options:
  -e, --environment <file|name>   An environment: a Postman environment file, a JSON object of
                                  names and values, or the name of <name>.json in the collection's
                                  environments/ folder or <name>.postman_environment.json beside it.
  -g, --globals <file>            Globals: a Postman globals file or a JSON object of names and values.
  --env-var <name=value>          Sets an environment variable (repeatable); wins over the file.
  -d, --iteration-data <file>     One iteration per row of a CSV file (with a header row) or a JSON
                                  array of objects; the columns become variables.
  -n, --iteration-count <n>       How many iterations (default: one per data row, else 1).
  --folder <name>                 Runs only this folder (or request); repeatable.
  --bail                          Stops at the first failed check or request.
  --delay-request <ms>            Waits this long between requests (default 0).
  --timeout-request <ms>          Time limit of each request (default ${DEFAULT_TIMEOUT_MS}; 0: none).
  -r, --reporters <list>          cli, json, junit, separated by commas (default cli).
  --reporter-json-export <file>   Where the json report goes (default workbench-report.json).
  --reporter-junit-export <file>  Where the junit report goes (default workbench-report.xml).
  --ssl-extra-ca-certs <file>     Also trusts the CA certificates in this PEM file.
  --ssl-client-cert <file>        A client certificate (mutual TLS): PEM, or PKCS#12 (.p12/.pfx),
                                  presented only to the host of {{baseUrl}} (or of the first request).
  --ssl-client-key <file>         Its private key (PEM), when it is not in the certificate's file.
  --ssl-client-passphrase <text>  The passphrase of the key or the PKCS#12 file.
  --ssl-client-cert-list <file>   newman's JSON list of client certificates, each for the hosts its
                                  "matches" name (https://api.example.com/*, https://*.example.com/*).
  --parallel <n>                  Up to n independent requests at once (default 1). Requests are
                                  independent unless one uses a variable another captures, or both
                                  capture the same variable; those wait for each other.
  -h, --help                      Show this help.

Variables, most specific first: the iteration's captures and data row, --env-var,
WORKBENCH_VAR_<name> from the process environment, the environment file, the collection, globals.
Credentials come from the variables apiKey, accessToken, basicUser and basicPassword, and go only
to the origin of {{baseUrl}} (or of the first request). Values of secret variables (marked secret,
or named like token, secret, password, api key) and of credentials are masked in all output.

Certificates are always checked. NODE_EXTRA_CA_CERTS, HTTPS_PROXY and NO_PROXY are honoured.
`;
