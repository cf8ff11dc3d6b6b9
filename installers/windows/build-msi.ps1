# Builds target\installers\MailTrail-<version>.msi on Windows with the JDK's jpackage.
# NOT RUN on the Linux build machine (jpackage builds packages only for the OS it runs on).
# Prerequisites (see installers/README.md): Windows 10/11 x64, JDK 17+ (jpackage on PATH or in
# JAVA_HOME), Maven 3.8+, WiX Toolset 3.x (candle.exe and light.exe on PATH; jpackage 17 does not
# support WiX 4+). Run from the repository root:  powershell -File installers\windows\build-msi.ps1
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..\..')
$root = (Get-Location).Path

[xml]$pom = Get-Content pom.xml
$version = $pom.project.version                       # e.g. 0.1.0-SNAPSHOT
$appVersion = ($version -split '-')[0]                # MSI needs a numeric version: 0.1.0

$out = Join-Path $root 'target\installers'
$work = Join-Path $out 'work-windows'
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
New-Item -ItemType Directory -Force "$work\input", "$work\jfx" | Out-Null

mvn -B -q -DskipTests package
if ($LASTEXITCODE -ne 0) { throw 'mvn package failed' }
jar --create --file "$work\input\mailtrail-$version.jar" -C target\classes .
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies `
  -DincludeScope=runtime -DexcludeGroupIds=org.openjfx "-DoutputDirectory=$work\input"
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies `
  -DincludeScope=runtime -DincludeGroupIds=org.openjfx -Dclassifier=win "-DoutputDirectory=$work\jfx"
Get-ChildItem "$work\jfx\*.jar" | Where-Object { $_.Name -notlike '*-win.jar' } | Remove-Item

# Saved sessions (*.json, format mailtrail-session) open with Mail Trail from Explorer.
@"
mime-type=application/x-mailtrail-session
extension=json
description=Mail Trail session
icon=$($root -replace '\\','/')/assets/icons/mailtrail.ico
"@ | Set-Content -Encoding ASCII "$work\session.properties"

$modules = 'java.base,java.management,java.naming,java.net.http,java.prefs,java.sql,javafx.controls,' +
  'javafx.swing,jdk.localedata,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.unsupported'
jpackage --type msi --name MailTrail --app-version $appVersion --vendor 'Mail Trail' `
  --description 'Shows how e-mail really travels: DNS MX lookups, TCP, SMTP, Received: headers.' `
  --icon "$root\assets\icons\mailtrail.ico" `
  --input "$work\input" --main-jar "mailtrail-$version.jar" --main-class org.mailtrail.Main `
  --module-path "$work\jfx" --add-modules $modules `
  --jlink-options '--strip-debug --no-man-pages --no-header-files' `
  --file-associations "$work\session.properties" `
  --win-menu --win-menu-group 'Mail Trail' --win-shortcut --win-dir-chooser `
  --win-upgrade-uuid 6f1d3c1e-4b7a-4c55-9a43-2f6d8e0b5a10 `
  --dest $out
if ($LASTEXITCODE -ne 0) { throw 'jpackage failed' }
Get-ChildItem "$out\*.msi"
