# Sourced by the other scripts: the Python with Jupyter's tools, and the project-local kernel.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PINLAB_PYTHON=${PINLAB_PYTHON:-/usr/bin/python3}
[ -x "$PINLAB_PYTHON" ] || PINLAB_PYTHON=$(command -v python3)
export PINLAB_PYTHON
export JUPYTER_PATH="$root/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
