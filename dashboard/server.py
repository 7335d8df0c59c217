"""What `cercles serve` runs: app.py, with an HTTP gate in front of what Streamlit serves
beside the script. Downloads (/media/...), uploads and /_stcore/metrics answer only a browser
that has signed in (dashboard/auth.py); app.py itself asks for the password.
"""

import sys
from pathlib import Path

# `streamlit run dashboard/server.py` puts dashboard/ on the path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st
from starlette.middleware import Middleware

from dashboard.auth import SignedInBrowsersOnly

app = st.App("app.py", middleware=[Middleware(SignedInBrowsersOnly)])
