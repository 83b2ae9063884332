#!/usr/bin/env bash
# Debian packages the project needs; installed only when missing. (No `grep -q` after a
# pipe: with pipefail, its early exit fails the pipe and would reinstall every time.)
#   always: CJK fonts (the dossier factory draws with them), Chromium (HTML render test),
#   LibreOffice Writer without its GUI (issued Word documents rendered to PDF),
#   PostgreSQL 15 (the case file's and the server-mode tests start their own clusters with initdb/pg_ctl),
#   BENCH_TOOLS=1: Tesseract chi_sim (+ Debian's OCRmyPDF for bench_pagescan.py; bench_endtoend.py
#   runs OCRmyPDF from the `[bench]` extra, which needs Tesseract only with `--output-type pdf`).
set -euo pipefail
need=()
fc-list 2>/dev/null | grep -i "wqy" >/dev/null || need+=(fontconfig fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-arphic-uming)
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
if [ "${BENCH_TOOLS:-0}" = 1 ]; then
  command -v tesseract >/dev/null || need+=(tesseract-ocr)
  [ -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr-chi-sim)
  command -v ocrmypdf >/dev/null || need+=(ocrmypdf)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "缺少系统软件包：${need[*]}（需要 root 权限安装）" >&2; exit 1
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
echo "安装系统软件包：${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
