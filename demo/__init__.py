"""demo: sample data, at the top of the layers (may import every app; none imports it).

Owns: the demo district (`load_demo_data`), the Tianjin-scale dataset (`generate_scale_data`),
the development admin (`create_dev_admin`) and the factories that tests and demo data share.
"""
