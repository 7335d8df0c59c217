"""The yardstick of `cercles bench --browser`: a bare Streamlit page with one Plotly chart,
served exactly as the dashboard is, so that the dashboard's first load is compared with what
Streamlit and Plotly cost on their own."""

import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Une courbe", layout="wide")
st.title("Une courbe")
days = list(range(1, 31))
st.plotly_chart(px.line(x=days, y=[day * day % 17 for day in days]))
