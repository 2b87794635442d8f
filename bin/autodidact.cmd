@echo off
rem The autodidact command line from this checkout (see bin/autodidact for the flags and variables).
setlocal
set "ROOT=%~dp0.."
if defined AUTODIDACT_JAR (set "JAR=%AUTODIDACT_JAR%") else (set "JAR=%ROOT%\target\autodidact.jar")
if not exist "%JAR%" (
  echo autodidact: %JAR% not found; build it first: mvn -q -B -DskipTests package 1>&2
  exit /b 2
)
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java") else (set "JAVA=java")
"%JAVA%" -Xss1g %AUTODIDACT_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
