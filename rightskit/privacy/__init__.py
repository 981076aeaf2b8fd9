"""Privacy models: re-identification metrics, hierarchies, the optimal generalisation search, cell suppression.

Pure functions over columns of strings (Arrow arrays or Python lists); used by policy and anonymise, and by
``rightskit risk`` on its own. numpy is imported inside the functions.
"""
