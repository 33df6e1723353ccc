/*
 * dism.exe's command line as DISM reads it (research DISM-EXE.md §1): options start with `/`, names are
 * case-insensitive, a value follows `:` or `=` (`/Index:1`, `/index=1`), double quotes anywhere in a token only
 * group text and are dropped (`/SourceImageFile:"C:\My Images\x.wim"`), `/?` (or `/Get-Help`) asks for help and
 * must come last. Every refusal of the command line is Error 87 with DISM's texts; the checks that need the verb
 * (which options it takes, which are required, which values) are made against its spec (verbs.ts).
 */
import { DismError, Win32, hresultFromWin32 } from '../../dism/errors';

export interface DismOption {
  /** The name as typed, without the slash (`SourceImageFile`, `index`). */
  name: string;
  lower: string;
  /** After `:` or `=`; undefined when the token has neither. */
  value: string | undefined;
  /** The token as given, quotes dropped (for messages). */
  text: string;
}

export interface ParsedCommandLine {
  options: DismOption[];
  /** `/?` or `/Get-Help` came last. */
  help: boolean;
}

const EIP = hresultFromWin32(Win32.INVALID_PARAMETER);

/** A command-line refusal: Error 87 with its own text (DISM's message table; research §4). */
export function commandLineError(text: string): DismError {
  return new DismError(EIP, 'argument', { 'en-US': text });
}

export const CommandLineMessages = {
  unknownOption: (token: string) => commandLineError(`DISM doesn't recognize the command-line option "${token}". \r\nFor more information, refer to the help by running DISM.exe /?.`),
  missingArgument: (option: string) =>
    commandLineError(`The /${option}: option is missing a required argument. \r\nFor more information, refer to the help for the /${option}: option.`),
  /** A verb without one of its required options (wording of the missing-argument message; unconfirmed). */
  verbMissingArgument: (verb: string) => commandLineError(`The /${verb} option is missing a required argument. \r\nFor more information, refer to the help for the /${verb} option.`),
  takesNoArgument: (option: string) => commandLineError(`The /${option} option does not take an argument. \r\nFor more information, refer to the help by running DISM.exe /?.`),
  invalidArgument: (value: string, option: string) =>
    commandLineError(`The ${value} argument given for the /${option} option is invalid.\r\nFor more information, refer to the help for the /${option} option.`),
  duplicated: (option: string) => commandLineError(`The /${option} option has been duplicated on the command-line. \r\nFor more information, refer to the help by running DISM.exe /?.`),
  helpNotLast: (token: string) => commandLineError(`Invalid command-line option "${token}". \r\nEnsure that /? is the last option listed on the command-line.`),
  invalidLogLevel: () => commandLineError('An invalid log level was specified. \r\nSpecify a log level of 1, 2, 3 or 4 with the /LogLevel option.'),
  emptyLogPath: () => commandLineError('A path and file name were not specified for the /LogPath option. \r\nSpecify a path and file name for the log file.'),
};

/** Splits the program's arguments into options. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const options: DismOption[] = [];
  let help = false;
  for (const raw of argv) {
    const token = raw.replace(/"/g, '');
    if (token === '') continue;
    if (help) throw CommandLineMessages.helpNotLast(token);
    if (token === '/?' || /^\/get-help$/i.test(token)) {
      help = true;
      continue;
    }
    if (token[0] !== '/' || token.length === 1) throw CommandLineMessages.unknownOption(token);
    const body = token.slice(1);
    const sep = body.search(/[:=]/);
    const name = sep < 0 ? body : body.slice(0, sep);
    const value = sep < 0 ? undefined : body.slice(sep + 1);
    if (name === '') throw CommandLineMessages.unknownOption(token);
    options.push({ name, lower: name.toLowerCase(), value, text: token });
  }
  return { options, help };
}

/**
 * The raw command line the log shows (`Executing command line:`): the program as it was invoked and each argument,
 * quoted when it holds a space (as the argument reached the program).
 */
export function rawCommandLine(program: string, argv: readonly string[]): string {
  return [program, ...argv].map((a) => (/\s/.test(a) && !a.includes('"') ? `"${a}"` : a)).join(' ');
}
