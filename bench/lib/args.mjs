// Command-line arguments of the bench scripts: `--name value` options and bare `--flag`s.

/** The value after `--name` (a string), or `fallback` when the option is not given. */
export function stringArg(name, fallback, argv = process.argv) {
  const at = argv.indexOf(name);
  return at > 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
}

/** The value after `--name` as a number, or `fallback`. */
export function numberArg(name, fallback, argv = process.argv) {
  const value = stringArg(name, undefined, argv);
  return value === undefined ? fallback : Number(value);
}

/** This script's arguments without the options in `valued` (with their values) and the bare `flags`. */
export function argsWithout(valued, flags = [], argv = process.argv.slice(2)) {
  return argv.filter((a, i, all) => !valued.includes(a) && !valued.includes(all[i - 1]) && !flags.includes(a));
}
