; Daduk's Windows installer, built with makensis by `cargo xtask windows`.
;
; Per user, without administrator rights: the programs go under
; %LOCALAPPDATA%\Programs\Daduk, the Start-menu entries and the
; Add/Remove Programs entry under the current user (HKCU). The uninstaller
; removes exactly what this installer wrote; the workspace
; (%LOCALAPPDATA%\Daduk\Daduk\data, or wherever the user chose) and the app's
; settings are the user's and stay.
;
; xtask passes: VERSION (x.y.z), SRCDIR (the folder holding the files that
; ship), OUTFILE, and COMPRESSOR (lzma for releases, zlib for quick test
; builds).

; A 64-bit installer for a 64-bit program (it also runs where Wine has no
; 32-bit support).
Target amd64-unicode
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
SetCompressor /SOLID ${COMPRESSOR}
RequestExecutionLevel user
ManifestDPIAware true

!ifndef VERSION | SRCDIR | OUTFILE
  !error "makensis -DVERSION=x.y.z -DSRCDIR=dir -DOUTFILE=setup.exe daduk.nsi"
!endif

!define PRODUCT "Daduk"
!define PUBLISHER "Proyek Daduk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Daduk"
!define APP_EXE "daduk-app.exe"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Daduk"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Pemasang ${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${SRCDIR}\daduk.ico"
!define MUI_UNICON "${SRCDIR}\daduk.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\BACA-SAYA.txt"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"

Function .onInit
  ; Per-user: $SMPROGRAMS is the user's own Start menu.
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Daduk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SRCDIR}\${APP_EXE}"
  File "${SRCDIR}\daduk.exe"
  File "${SRCDIR}\WebView2Loader.dll"
  File "${SRCDIR}\BACA-SAYA.txt"
  ; The OCR engine and its Indonesian model, where the reader looks first.
  SetOutPath "$INSTDIR\tesseract"
  File "${SRCDIR}\tesseract\tesseract.exe"
  SetOutPath "$INSTDIR\tesseract\tessdata"
  File "${SRCDIR}\tesseract\tessdata\ind.traineddata"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\Daduk"
  CreateShortcut "$SMPROGRAMS\Daduk\Daduk.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  ; The command line: a console in the install folder with daduk on the PATH.
  CreateShortcut "$SMPROGRAMS\Daduk\Daduk (baris perintah).lnk" "$SYSDIR\cmd.exe" \
    '/k "set PATH=$INSTDIR;%PATH% && daduk --help"' "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\Daduk\Copot Daduk.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer wrote; the workspace and settings stay.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\daduk.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\BACA-SAYA.txt"
  Delete "$INSTDIR\tesseract\tessdata\ind.traineddata"
  RMDir "$INSTDIR\tesseract\tessdata"
  Delete "$INSTDIR\tesseract\tesseract.exe"
  RMDir "$INSTDIR\tesseract"
  Delete "$INSTDIR\uninstall.exe"
  ; Removed only when empty: a file the user put there stays.
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\Daduk\Daduk.lnk"
  Delete "$SMPROGRAMS\Daduk\Daduk (baris perintah).lnk"
  Delete "$SMPROGRAMS\Daduk\Copot Daduk.lnk"
  RMDir "$SMPROGRAMS\Daduk"

  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
