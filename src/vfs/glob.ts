/*
 * File-name wildcards as Windows matches them (case-insensitively; a leading dot is an ordinary character), for
 * patterns such as -SplitImageFilePattern "install*.swm". picomatch does the matching; this module is loaded only
 * where a pattern is matched (a lazy require of ours, which bundlers follow), so a wimsh start does not pay for it.
 */
import picomatch from 'picomatch';

/** A test of file names (not paths) against `glob`. */
export function nameMatcher(glob: string): (name: string) => boolean {
  const isMatch = picomatch(glob, { nocase: true, dot: true });
  // One argument only: picomatch's second (returnObject) would make names.filter(matcher) keep everything.
  return (name) => isMatch(name);
}
