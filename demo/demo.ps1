# The wimsh demo: Windows PowerShell lines, run as they are. Drives live under demo/work (C:\ is demo/work/drives/c);
# scripts/demo.js has generated C:\sample\<edition>, a small Windows-like tree for each of three editions.
$ErrorActionPreference = 'Stop'
$editions = 'Home', 'Pro', 'Education'
$out = 'C:\out'
New-Item -ItemType Directory -Path $out -Force | Out-Null

Write-Host '== 1. Capture each edition into its own WIM (New-WindowsImage, XPRESS)' -ForegroundColor Cyan
foreach ($e in $editions) {
    Write-Host "New-WindowsImage -CapturePath C:\sample\$e -ImagePath $out\$e.wim -Name `"Windows 11 $e`""
    New-WindowsImage -CapturePath "C:\sample\$e" -ImagePath "$out\$e.wim" -Name "Windows 11 $e" -Description "Windows 11 $e (demo)" -CompressionType fast | Out-Null
}
Get-ChildItem $out -Filter *.wim | Select-Object Name, Length | Format-Table -AutoSize

Write-Host '== 2. Export by index into a new file, with maximum (LZX) compression' -ForegroundColor Cyan
Write-Host "Export-WindowsImage -SourceImagePath $out\Home.wim -SourceIndex 1 -DestinationImagePath $out\install.wim -CompressionType max"
Export-WindowsImage -SourceImagePath "$out\Home.wim" -SourceIndex 1 -DestinationImagePath "$out\install.wim" -CompressionType max

Write-Host '== 3. Append the other editions by name (the destination keeps its LZX; shared files are stored once)' -ForegroundColor Cyan
foreach ($e in 'Pro', 'Education') {
    Write-Host "Export-WindowsImage -SourceImagePath $out\$e.wim -SourceName `"Windows 11 $e`" -DestinationImagePath $out\install.wim"
    Export-WindowsImage -SourceImagePath "$out\$e.wim" -SourceName "Windows 11 $e" -DestinationImagePath "$out\install.wim" | Out-Null
}

Write-Host '== 4. A single edition, piped from Get-WindowsImage and splatted' -ForegroundColor Cyan
$p = @{ SourceImagePath = "$out\install.wim"; SourceIndex = 2; DestinationImagePath = "$out\pro-only.wim"; DestinationName = 'Pro (exported)' }
Export-WindowsImage @p | Out-Null
Get-WindowsImage -ImagePath "$out\install.wim" | Where-Object ImageName -like '*Pro' | ForEach-Object { "found '$($_.ImageName)' at index $($_.ImageIndex)" }

Write-Host '== 5. The result' -ForegroundColor Cyan
Write-Host "Get-WindowsImage -ImagePath $out\install.wim"
Get-WindowsImage -ImagePath "$out\install.wim"
Write-Host "Get-WindowsImage -ImagePath $out\install.wim -Index 3"
Get-WindowsImage -ImagePath "$out\install.wim" -Index 3
$sizes = foreach ($e in $editions) { (Get-Item "$out\$e.wim").Length }
$total = ($sizes | Measure-Object -Sum).Sum
Write-Host ("three separate WIMs: {0:N0} bytes; install.wim with all three editions: {1:N0} bytes" -f $total, (Get-Item "$out\install.wim").Length)
Write-Host 'The DISM log of these commands: C:\Windows\Logs\DISM\dism.log (demo/work/drives/c/Windows/Logs/DISM/dism.log)'
