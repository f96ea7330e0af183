#!/usr/bin/env bash
# Local development from a fresh clone: virtualenv, SQLite database under var/,
# the 2022 code lists, demo data and demo users, then the development server.
#
#   bash scripts/dev.sh          # then open http://127.0.0.1:8000/admin/
#
# Safe to run again: migrations and the code lists load idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ADDRESS="${ADDRESS:-127.0.0.1:8000}"
# The settings default to production (DEBUG off, SECRET_KEY required); local
# development runs in debug mode unless DEBUG is set otherwise.
export DEBUG="${DEBUG:-true}"

ensure_venv requirements.txt
# shellcheck disable=SC1091
. .venv/bin/activate

mkdir -p var staticfiles media
step "数据库迁移"
python manage.py migrate --noinput
step "载入 2022 年度政府收支分类科目"
python manage.py load_codes
step "载入演示数据和演示用户"
if python manage.py help load_demo >/dev/null 2>&1; then
    python manage.py load_demo
else
    echo "没有 load_demo 命令，跳过演示数据。"
fi

cat <<MSG

================================================================
  开发服务器：http://${ADDRESS}/
  管理后台（用上面列出的演示用户登录）：http://${ADDRESS}/admin/
  后台任务（公开、批量和定时公开）由同时启动的任务进程执行。
  按 Ctrl+C 停止。
================================================================

MSG
# The background worker (公开、批量公开、定时公开) beside the development
# server, on the same SQLite database; both stop with Ctrl+C.
python manage.py schedule_daily_jobs
python manage.py db_worker --queue-name '*' &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
python manage.py runserver "$ADDRESS"
