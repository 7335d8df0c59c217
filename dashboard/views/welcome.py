"""Shown while the warehouse is empty: how to import, from the browser or the command line."""

import streamlit as st

from dashboard import ui

st.title(ui.tr("welcome.title"))
st.caption(ui.tr("app.tagline"))
st.markdown(ui.tr("welcome.body"))
st.page_link("views/data.py", label=ui.tr("nav.data"), icon=":material/upload:")
