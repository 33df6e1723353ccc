# The wimsh demo. Drives live under demo/work (C:\ is demo/work/drives/c).
Write-Output 'wimsh demo: a PowerShell-compatible shell for Windows images'
$editions = 'Home', 'Pro', 'Education'
foreach ($e in $editions) { Write-Output ("edition {0}: Windows 11 {0}" -f $e) }
$work = 'C:\out'
New-Item -ItemType Directory -Path $work -Force | Out-Null
"Test-Path $work -> $(Test-Path $work)"
