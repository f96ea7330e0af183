# Shared by scripts/dev.sh and scripts/test.sh (sourced, not run).

step() { printf '\n==> %s\n' "$*"; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "$candidate"
            return
        fi
    done
    echo "需要 Python 3.11 或更高版本（可用 PYTHON=/path/to/python 指定）。" >&2
    return 1
}

# ensure_venv REQUIREMENTS_FILE: create .venv if missing or too old, then install
# the file's packages, only when a requirements file changed since the last install.
ensure_venv() {
    local requirements="$1" python stamp digest
    if [ ! -x .venv/bin/python ] ||
        ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$(find_python)"
        step "创建虚拟环境 .venv（$("$python" --version)）"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    stamp=".venv/.installed-$(basename "$requirements" .txt)"
    digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
        step "pip install -r $requirements"
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -r "$requirements"
        echo "$digest" >"$stamp"
    fi
}
