"""Presentation: what a person reads, made from the analysis' tidy numbers.

* :mod:`kit.present.text` - every word a user reads, in Dutch and English
* :mod:`kit.present.markup` - names and answers from a board's files shown as text
* :mod:`kit.present.plots` - the figures (seaborn / matplotlib)
* :mod:`kit.present.reflection` - reflection questions from a team's own data
"""
