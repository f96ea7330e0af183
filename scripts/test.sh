#!/usr/bin/env bash
# Set up and run every check: ruff, migrations in step with the models, pytest.
#
#   bash scripts/test.sh                      # on SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jsgk bash scripts/test.sh
#
# Arguments go to pytest (e.g. `bash scripts/test.sh tests/units -x`).
# As root on Debian, missing system packages the tests use are installed first;
# otherwise the tests that need them skip.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

SYSTEM_PACKAGES=(
    poppler-utils      # pdftotext, pdffonts: PDF export tests
    fonts-wqy-microhei # a CJK font for browser screenshots (PDFs use the shipped font)
    chromium           # browser tests (Playwright drives Debian's Chromium)
    docker-compose     # offline check of docker-compose.yml
    libreoffice-calc-nogui # a spreadsheet program re-saving a workbook before import
)

install_system_packages() {
    if ! command -v dpkg >/dev/null 2>&1; then
        echo "不是 Debian 系统，跳过系统软件包检查。"
        return
    fi
    local missing=() package
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "缺少系统软件包：${missing[*]}（需要 root 和 apt-get 才能安装），相关测试将跳过。"
        return
    fi
    step "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

install_system_packages
ensure_venv requirements-dev.txt
# shellcheck disable=SC1091
. .venv/bin/activate

if [ -f .env ]; then
    echo "注意：存在 .env，测试也会读取其中的设置（环境变量优先）。"
fi
# Directories the settings point at; whitenoise warns on every request without them.
mkdir -p var staticfiles

step "ruff check"
ruff check .
step "ruff format --check"
ruff format --check .
step "makemigrations --check"
# The check compares models with migration files; no real database is needed,
# and no real key (the settings refuse to start without one: DEBUG is off).
SECRET_KEY=makemigrations-check-only-key-0123456789-abcdefghijklmnopqrstuvwxyz \
    DATABASE_URL="sqlite://:memory:" python manage.py makemigrations --check --dry-run
step "pytest ${DATABASE_URL:+（数据库：${DATABASE_URL%%://*}）}"
pytest "$@"
