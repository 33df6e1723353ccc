/*
 * The Dism cmdlets that need the Windows servicing stack (drivers, packages, features, capabilities, provisioned
 * apps, editions, product keys, WIMBoot...): what they share. Each such cmdlet is one file declaring its exact
 * metadata and help (from its reference page) through `servicingCmdlet`; the body is the one below: a DISM session
 * (log header, the provider store line, footer with the HRESULT), then one error record saying that the operation
 * needs the Windows servicing stack. The servicing stack (CBS, the driver store, the AppX deployment server) is
 * Windows itself: a Linux or macOS host has none of it, so no offline approximation is attempted, and a script
 * stops at the right line with a message a person understands.
 *
 * The record is DISM's own shape for a failure of the work (a COMException carrying HRESULT 0x80070032,
 * ERROR_NOT_SUPPORTED, the code dism.exe prints as "Error: 50"), non-terminating like every Dism cmdlet error here,
 * so -ErrorAction SilentlyContinue hides it, -ErrorAction Stop makes try/catch see it, and $? is false. Its
 * FullyQualifiedErrorId is `ServicingStackRequired,<the cmdlet's class>`, stable, so a script can tell this refusal
 * from a failure of a real DISM run (whose id is the class alone).
 */
import { defineCmdlet, type CmdletDefinition, type ParameterDefinition } from '../../src/lang/commands/cmdlet';
import { registerEnum } from '../../src/lang/types/values';
import { DismMessages, hresultFromWin32, Win32 } from '../../src/dism/errors';
import { runDism } from './_dism';

/** The FullyQualifiedErrorId's first part for every servicing cmdlet's refusal. */
export const SERVICING_ERROR_ID = 'ServicingStackRequired';

// The enums of the servicing cmdlets' parameters (the Dism module's own .NET enums, with their values).
export const STUB_PACKAGE_OPTION_TYPE = 'Microsoft.Dism.Commands.StubPackageOption';
export const RESERVED_STORAGE_STATE_TYPE = 'Microsoft.Dism.Commands.ReservedStorageState';
registerEnum({ fullName: STUB_PACKAGE_OPTION_TYPE, members: [['None', 0], ['InstallFull', 1], ['InstallStub', 2]] });
registerEnum({ fullName: RESERVED_STORAGE_STATE_TYPE, members: [['Disabled', 0], ['Enabled', 1]] });

/**
 * The texts of the parameters many servicing cmdlets share (the image they work on, and the options of package
 * sources), in our words; a cmdlet whose parameter means something narrower writes its own.
 */
export const TARGET_TEXT = {
  Path: 'Specifies the root directory of the offline Windows image to service (a mounted image or an applied one). When its Windows directory is not directly below it, give -WindowsDirectory too.',
  Online: 'Services the operating system that is running on this computer.',
  WindowsDirectory: 'Specifies the Windows directory relative to the image root (not a full path); Windows by default.',
  SystemDrive: 'Specifies where the BootMgr files are, when that is a partition other than the one the command runs from (servicing an installed image from Windows PE).',
  NoRestart: 'Does not restart the computer afterwards, even when the operation would need it (it is then left pending).',
  LimitAccess: 'Does not ask Windows Update for the files the operation needs: only the -Source locations are searched.',
  Source: 'Specifies the locations (folders, mounted images, WIM files with their index as wim:path:index) holding the files the operation needs.',
  PackageName: 'Specifies a package by its name as the image lists it.',
  PackagePath: 'Specifies the location of a package file (.cab), or of a folder holding such files.',
} as const;

/*
 * The parameters that name the image a servicing cmdlet works on, the same (name, type, sets, pipeline input, text)
 * in every cmdlet that declares them. Three lists because the cmdlets declare them in three orders (the order
 * Get-Command's Parameters and Get-Help -Full show): the offline image at -Path or the running system (-Online),
 * in parameter sets Offline and Online; the same with -Online declared first; an offline image only (-Path
 * mandatory in every set). Each is spread into a cmdlet's parameters, as DISM_SESSION_PARAMETERS is.
 */
const OFFLINE_PATH = { name: 'Path', type: 'String', sets: { Offline: { mandatory: true } }, valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Path } as const satisfies ParameterDefinition;
const ONLINE = { name: 'Online', type: 'SwitchParameter', sets: { Online: { mandatory: true } }, valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Online } as const satisfies ParameterDefinition;
const WINDOWS_DIRECTORY = { name: 'WindowsDirectory', type: 'String', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.WindowsDirectory } as const satisfies ParameterDefinition;
const SYSTEM_DRIVE = { name: 'SystemDrive', type: 'String', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.SystemDrive } as const satisfies ParameterDefinition;

/** -Path (set Offline) or -Online (set Online), then -WindowsDirectory and -SystemDrive. */
export const TARGET_PARAMETERS = [OFFLINE_PATH, ONLINE, WINDOWS_DIRECTORY, SYSTEM_DRIVE] as const satisfies readonly ParameterDefinition[];
/** TARGET_PARAMETERS with -Online declared before -Path. */
export const TARGET_PARAMETERS_ONLINE_FIRST = [ONLINE, OFFLINE_PATH, WINDOWS_DIRECTORY, SYSTEM_DRIVE] as const satisfies readonly ParameterDefinition[];
/** An offline image only: -Path mandatory, then -WindowsDirectory and -SystemDrive. */
export const OFFLINE_TARGET_PARAMETERS = [
  { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Path },
  WINDOWS_DIRECTORY,
  SYSTEM_DRIVE,
] as const satisfies readonly ParameterDefinition[];

/** A servicing cmdlet's declaration: everything but the module and the body, which servicingCmdlet supplies. */
export type ServicingCmdletDefinition<Ps extends readonly ParameterDefinition[]> = Omit<CmdletDefinition<Ps>, 'module' | 'begin' | 'process' | 'end'>;

/** Declares a Dism cmdlet that binds exactly and then reports that it needs the Windows servicing stack. */
export function servicingCmdlet<const Ps extends readonly ParameterDefinition[]>(def: ServicingCmdletDefinition<Ps>): CmdletDefinition<Ps> {
  return defineCmdlet<Ps>({
    ...def,
    module: 'Dism',
    async process(ctx) {
      const name = def.name;
      const className = def.className;
      // runDism writes the session's failure as DISM's COMException record; only its id is ours to set.
      const reporting = Object.create(ctx) as typeof ctx;
      reporting.writeError = (record) => {
        if (record.exception.hresult === NOT_SUPPORTED) record.fullyQualifiedErrorId = `${SERVICING_ERROR_ID},${className}`;
        ctx.writeError(record);
      };
      await runDism(reporting, name, className, async (s) => {
        s.provider('DISM Provider Store', 'Getting the collection of providers from a local provider store type.', 'CDISMProviderStore::GetProviderCollection');
        // Which image was asked for, for the log: the cmdlets that take one all name it -Online or -Path.
        const params: Readonly<Record<string, unknown>> = ctx.params;
        const target = params.Online ? 'the running operating system' : typeof params.Path === 'string' ? params.Path : undefined;
        s.debug('DISM Manager', `${name}: parameter set ${ctx.parameterSetName}${target !== undefined ? `, image ${target}` : ''}, parameters ${[...ctx.boundParameters].join(', ')}`, 'CDISMManager::ExecuteCmdLine');
        throw DismMessages.servicingStackRequired(name);
      });
    },
  });
}

const NOT_SUPPORTED = hresultFromWin32(Win32.NOT_SUPPORTED);
