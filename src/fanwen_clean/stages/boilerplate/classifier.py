"""placeholder"""
def mark(*a):
    return None
