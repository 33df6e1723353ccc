/*
 * The signals that carry control flow through the evaluator and the command processors as exceptions: break,
 * continue, return and exit, a downstream command's stop (Select-Object -First) and Ctrl+C's pipeline stop. They
 * import nothing, so that cmdlet.ts can tell them apart (isPipelineFlow) without loading the evaluator.
 */
export class BreakSignal {
  constructor(readonly label: string | null) {}
}
export class ContinueSignal {
  constructor(readonly label: string | null) {}
}
export class ReturnSignal {}
/** Thrown by a command that needs no more input (Select-Object -First): unwinds the commands upstream of it. */
export class StopUpstreamSignal {
  constructor(readonly processor: unknown) {}
}
/**
 * Ctrl+C: unwinds everything running (PowerShell's PipelineStoppedException; try/catch does not catch it, finally
 * blocks run). The runspace ends the script with exit code 130 and prints nothing.
 */
export class PipelineStoppedSignal {}
export class ExitSignal {
  constructor(readonly code: number) {}
}
