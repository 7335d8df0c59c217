"""Streamlit entry point (first page; the dashboard's pages replace it)."""

import streamlit as st

from dashboard.warehouse import connect_readonly, warehouse_path

st.set_page_config(page_title="Cercles", layout="wide")
con = connect_readonly(warehouse_path())
persons = con.execute("select count(*) from person_facts").fetchone()[0]
st.title("Cercles")
st.metric("Participants", persons)
